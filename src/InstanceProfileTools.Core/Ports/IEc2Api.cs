using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.Model;

namespace InstanceProfileTools.Core.Ports
{
    /// <summary>
    /// The EC2 calls the module makes, implemented over AWSSDK.EC2 in <c>Ec2/</c>. Failures are
    /// <see cref="AwsServiceException"/>s carrying EC2's code and request id.
    /// </summary>
    public interface IEc2Api
    {
        Task<ProfileAssociation> AssociateIamInstanceProfileAsync(string instanceId, ProfileReference profile, CancellationToken cancellationToken);

        Task<Page<ProfileAssociation>> DescribeIamInstanceProfileAssociationsAsync(AssociationQuery query, string? nextToken, int? maxResults, CancellationToken cancellationToken);

        Task<ProfileAssociation> DisassociateIamInstanceProfileAsync(string associationId, CancellationToken cancellationToken);

        /// <summary>Answers the new association (a new id, normally <c>associating</c>).</summary>
        Task<ProfileAssociation> ReplaceIamInstanceProfileAssociationAsync(string associationId, ProfileReference profile, CancellationToken cancellationToken);

        /// <summary>
        /// DescribeInstances filtered by instance id (at most 200, EC2's limit on a filter's values): the state of
        /// each instance that exists; an unknown id is absent from the answer.
        /// </summary>
        Task<IReadOnlyDictionary<string, InstanceState>> DescribeInstanceStatesAsync(IReadOnlyList<string> instanceIds, CancellationToken cancellationToken);

        /// <summary>One page of DescribeInstances: the ids of the instances that are not terminated (for completion).</summary>
        Task<Page<string>> DescribeInstanceIdsAsync(string? nextToken, int? maxResults, CancellationToken cancellationToken);

        /// <summary>DescribeInstances filtered by instance id (at most 200): the tags of each instance that exists.</summary>
        Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> DescribeInstanceTagsAsync(IReadOnlyList<string> instanceIds, CancellationToken cancellationToken);

        /// <summary>DescribeRegions without AllRegions: the names of the regions enabled for the account, as EC2 lists them.</summary>
        Task<IReadOnlyList<string>> DescribeRegionsAsync(CancellationToken cancellationToken);

        /// <summary>DescribeLaunchTemplateVersions: the default version of one launch template.</summary>
        Task<LaunchTemplateVersion> DescribeDefaultLaunchTemplateVersionAsync(string launchTemplateId, CancellationToken cancellationToken);

        /// <summary>
        /// CreateLaunchTemplateVersion: a new version that is <paramref name="sourceVersion"/> with only the instance
        /// profile changed. A resend with the same <paramref name="clientToken"/> answers the same version, not a second one.
        /// </summary>
        Task<LaunchTemplateVersion> CreateLaunchTemplateVersionAsync(
            string launchTemplateId, long sourceVersion, string instanceProfileArn, string description, string clientToken, CancellationToken cancellationToken);

        /// <summary>ModifyLaunchTemplate: makes <paramref name="version"/> the template's default.</summary>
        Task SetDefaultLaunchTemplateVersionAsync(string launchTemplateId, long version, CancellationToken cancellationToken);
    }
}
