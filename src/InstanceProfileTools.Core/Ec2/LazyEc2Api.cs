using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Ports;

namespace InstanceProfileTools.Core.Ec2
{
    /// <summary>
    /// Builds the EC2 client on first use, so that building the ports never fails for want of a region when only
    /// IAM is called; a missing region then fails the first EC2 call with a clear error.
    /// </summary>
    internal sealed class LazyEc2Api : IEc2Api, IDisposable
    {
        private readonly Lazy<AmazonEC2Client> _client;
        private readonly Lazy<Ec2Adapter> _adapter;

        public LazyEc2Api(Func<AmazonEC2Client> createClient, IOperationLog log, Func<string, CancellationToken, Task<string>>? decode = null)
        {
            _client = new Lazy<AmazonEC2Client>(createClient);
            _adapter = new Lazy<Ec2Adapter>(() => new Ec2Adapter(_client.Value, log, decode));
        }

        public Task<ProfileAssociation> AssociateIamInstanceProfileAsync(string instanceId, ProfileReference profile, CancellationToken cancellationToken) =>
            _adapter.Value.AssociateIamInstanceProfileAsync(instanceId, profile, cancellationToken);

        public Task<Page<ProfileAssociation>> DescribeIamInstanceProfileAssociationsAsync(AssociationQuery query, string? nextToken, int? maxResults, CancellationToken cancellationToken) =>
            _adapter.Value.DescribeIamInstanceProfileAssociationsAsync(query, nextToken, maxResults, cancellationToken);

        public Task<ProfileAssociation> DisassociateIamInstanceProfileAsync(string associationId, CancellationToken cancellationToken) =>
            _adapter.Value.DisassociateIamInstanceProfileAsync(associationId, cancellationToken);

        public Task<ProfileAssociation> ReplaceIamInstanceProfileAssociationAsync(string associationId, ProfileReference profile, CancellationToken cancellationToken) =>
            _adapter.Value.ReplaceIamInstanceProfileAssociationAsync(associationId, profile, cancellationToken);

        public Task<IReadOnlyDictionary<string, InstanceState>> DescribeInstanceStatesAsync(IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) =>
            _adapter.Value.DescribeInstanceStatesAsync(instanceIds, cancellationToken);

        public Task<Page<string>> DescribeInstanceIdsAsync(string? nextToken, int? maxResults, CancellationToken cancellationToken) =>
            _adapter.Value.DescribeInstanceIdsAsync(nextToken, maxResults, cancellationToken);

        public Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> DescribeInstanceTagsAsync(IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) =>
            _adapter.Value.DescribeInstanceTagsAsync(instanceIds, cancellationToken);

        public Task<IReadOnlyList<string>> DescribeRegionsAsync(CancellationToken cancellationToken) =>
            _adapter.Value.DescribeRegionsAsync(cancellationToken);

        public Task<LaunchTemplateVersion> DescribeDefaultLaunchTemplateVersionAsync(string launchTemplateId, CancellationToken cancellationToken) =>
            _adapter.Value.DescribeDefaultLaunchTemplateVersionAsync(launchTemplateId, cancellationToken);

        public Task<LaunchTemplateVersion> CreateLaunchTemplateVersionAsync(
            string launchTemplateId, long sourceVersion, string instanceProfileArn, string description, string clientToken, CancellationToken cancellationToken) =>
            _adapter.Value.CreateLaunchTemplateVersionAsync(launchTemplateId, sourceVersion, instanceProfileArn, description, clientToken, cancellationToken);

        public Task SetDefaultLaunchTemplateVersionAsync(string launchTemplateId, long version, CancellationToken cancellationToken) =>
            _adapter.Value.SetDefaultLaunchTemplateVersionAsync(launchTemplateId, version, cancellationToken);

        public void Dispose()
        {
            if (_client.IsValueCreated)
            {
                _client.Value.Dispose();
            }
        }
    }
}
