using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.Model;

namespace InstanceProfileTools.Core.Ports
{
    /// <summary>
    /// The IAM calls the module makes, one method per API operation. Implemented today by the Query-protocol
    /// client in <c>Iam/</c>; the day AWSSDK.IdentityManagement is available, an adapter over it replaces that
    /// one class. Failures are <see cref="AwsServiceException"/>s carrying IAM's code and request id.
    /// </summary>
    public interface IIamApi
    {
        Task<IamInstanceProfile> CreateInstanceProfileAsync(string name, string? path, IReadOnlyList<Tag>? tags, CancellationToken cancellationToken);

        Task DeleteInstanceProfileAsync(string name, CancellationToken cancellationToken);

        Task<IamInstanceProfile> GetInstanceProfileAsync(string name, CancellationToken cancellationToken);

        Task<Page<IamInstanceProfile>> ListInstanceProfilesAsync(string? pathPrefix, string? marker, int? maxItems, CancellationToken cancellationToken);

        Task<Page<IamInstanceProfile>> ListInstanceProfilesForRoleAsync(string roleName, string? marker, int? maxItems, CancellationToken cancellationToken);

        Task AddRoleToInstanceProfileAsync(string instanceProfileName, string roleName, CancellationToken cancellationToken);

        Task RemoveRoleFromInstanceProfileAsync(string instanceProfileName, string roleName, CancellationToken cancellationToken);

        Task TagInstanceProfileAsync(string name, IReadOnlyList<Tag> tags, CancellationToken cancellationToken);

        Task UntagInstanceProfileAsync(string name, IReadOnlyList<string> tagKeys, CancellationToken cancellationToken);

        Task<Page<Tag>> ListInstanceProfileTagsAsync(string name, string? marker, int? maxItems, CancellationToken cancellationToken);

        Task<IamRole> GetRoleAsync(string roleName, CancellationToken cancellationToken);

        Task<IamRole> CreateRoleAsync(string roleName, string assumeRolePolicyDocument, string? path, CancellationToken cancellationToken);

        Task DeleteRoleAsync(string roleName, CancellationToken cancellationToken);

        Task<Page<IamRole>> ListRolesAsync(string? pathPrefix, string? marker, int? maxItems, CancellationToken cancellationToken);
    }
}
