using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.Operations;

namespace InstanceProfileTools.Completers
{
    /// <summary>Completes instance profile names from IAM (ListInstanceProfiles).</summary>
    public sealed class InstanceProfileNameCompleter : AwsArgumentCompleter
    {
        protected override async Task<IReadOnlyList<string>> ReadNamesAsync(OperationContext context, CancellationToken cancellationToken)
        {
            var profiles = new ProfileOperations(context);
            return await ReadAllPagesAsync(
                marker => profiles.ListPageAsync(null, marker, cancellationToken),
                profile => profile.InstanceProfileName).ConfigureAwait(false);
        }
    }
}
