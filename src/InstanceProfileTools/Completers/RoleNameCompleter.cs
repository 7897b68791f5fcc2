using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.Operations;

namespace InstanceProfileTools.Completers
{
    /// <summary>Completes role names from IAM (ListRoles).</summary>
    public sealed class RoleNameCompleter : AwsArgumentCompleter
    {
        protected override async Task<IReadOnlyList<string>> ReadNamesAsync(OperationContext context, CancellationToken cancellationToken) =>
            await ReadAllPagesAsync(
                marker => context.Iam.ListRolesAsync(null, marker, 1000, cancellationToken),
                role => role.RoleName).ConfigureAwait(false);
    }
}
