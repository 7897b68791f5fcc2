using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using InstanceProfileTools.Core.Diagnostics;
using InstanceProfileTools.Core.ErrorMapping;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Operations;
using InstanceProfileTools.Core.Ports;
using InstanceState = InstanceProfileTools.Core.Model.InstanceState;
using LaunchTemplateVersion = InstanceProfileTools.Core.Model.LaunchTemplateVersion;

namespace InstanceProfileTools.Core.Ec2
{
    /// <summary>
    /// <see cref="IEc2Api"/> over AWSSDK.EC2's <see cref="IAmazonEC2"/>: maps the SDK's types to Core's model,
    /// its failures through <see cref="AwsErrorMap"/>, and writes one log line per call.
    /// </summary>
    public sealed class Ec2Adapter : IEc2Api
    {
        private readonly IAmazonEC2 _ec2;
        private readonly IOperationLog _log;

        private readonly Func<string, CancellationToken, Task<string>>? _decode;

        /// <param name="decode">sts:DecodeAuthorizationMessage, to name a refused iam:PassRole (see <see cref="PassRoleDecoding"/>); none when null.</param>
        public Ec2Adapter(IAmazonEC2 ec2, IOperationLog log, Func<string, CancellationToken, Task<string>>? decode = null)
        {
            _ec2 = ec2 ?? throw new ArgumentNullException(nameof(ec2));
            _log = log ?? throw new ArgumentNullException(nameof(log));
            _decode = decode;
        }

        public async Task<ProfileAssociation> AssociateIamInstanceProfileAsync(string instanceId, ProfileReference profile, CancellationToken cancellationToken)
        {
            var request = new AssociateIamInstanceProfileRequest { InstanceId = instanceId, IamInstanceProfile = Ec2Mapping.ToSpecification(profile) };
            AwsCall call = AwsCall.Ec2("AssociateIamInstanceProfile", ("InstanceId", instanceId), ("InstanceProfile", profile.ToString()));
            AssociateIamInstanceProfileResponse response = await SendAsync(call, () => _ec2.AssociateIamInstanceProfileAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
            return Ec2Mapping.ToAssociation(response.IamInstanceProfileAssociation);
        }

        public async Task<Page<ProfileAssociation>> DescribeIamInstanceProfileAssociationsAsync(AssociationQuery query, string? nextToken, int? maxResults, CancellationToken cancellationToken)
        {
            var request = new DescribeIamInstanceProfileAssociationsRequest { NextToken = nextToken, MaxResults = maxResults };
            if (query.AssociationIds.Count > 0)
            {
                request.AssociationIds = query.AssociationIds.ToList();
            }

            var filters = new List<Filter>();
            if (query.InstanceIds.Count > 0)
            {
                filters.Add(new Filter("instance-id", query.InstanceIds.ToList()));
            }

            if (query.States.Count > 0)
            {
                filters.Add(new Filter("state", query.States.Select(Ec2Mapping.ToWire).ToList()));
            }

            if (filters.Count > 0)
            {
                request.Filters = filters;
            }

            AwsCall call = AwsCall.Ec2("DescribeIamInstanceProfileAssociations",
                ("InstanceId", Join(query.InstanceIds)), ("AssociationId", Join(query.AssociationIds)));
            DescribeIamInstanceProfileAssociationsResponse response = await SendAsync(call, () => _ec2.DescribeIamInstanceProfileAssociationsAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
            IReadOnlyList<ProfileAssociation> items = (response.IamInstanceProfileAssociations ?? new List<IamInstanceProfileAssociation>())
                .Select(Ec2Mapping.ToAssociation)
                .ToList();
            return new Page<ProfileAssociation>(items, string.IsNullOrEmpty(response.NextToken) ? null : response.NextToken);
        }

        public async Task<ProfileAssociation> DisassociateIamInstanceProfileAsync(string associationId, CancellationToken cancellationToken)
        {
            var request = new DisassociateIamInstanceProfileRequest { AssociationId = associationId };
            AwsCall call = AwsCall.Ec2("DisassociateIamInstanceProfile", ("AssociationId", associationId));
            DisassociateIamInstanceProfileResponse response = await SendAsync(call, () => _ec2.DisassociateIamInstanceProfileAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
            return Ec2Mapping.ToAssociation(response.IamInstanceProfileAssociation);
        }

        public async Task<ProfileAssociation> ReplaceIamInstanceProfileAssociationAsync(string associationId, ProfileReference profile, CancellationToken cancellationToken)
        {
            var request = new ReplaceIamInstanceProfileAssociationRequest { AssociationId = associationId, IamInstanceProfile = Ec2Mapping.ToSpecification(profile) };
            AwsCall call = AwsCall.Ec2("ReplaceIamInstanceProfileAssociation", ("AssociationId", associationId), ("InstanceProfile", profile.ToString()));
            ReplaceIamInstanceProfileAssociationResponse response = await SendAsync(call, () => _ec2.ReplaceIamInstanceProfileAssociationAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
            return Ec2Mapping.ToAssociation(response.IamInstanceProfileAssociation);
        }

        public async Task<IReadOnlyDictionary<string, InstanceState>> DescribeInstanceStatesAsync(IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) =>
            await DescribeByIdAsync(instanceIds, instance => Ec2Mapping.ToInstanceState(instance.State.Name.Value), cancellationToken).ConfigureAwait(false);

        public async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> DescribeInstanceTagsAsync(IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) =>
            await DescribeByIdAsync(instanceIds, instance => (IReadOnlyDictionary<string, string>)(instance.Tags ?? new List<Amazon.EC2.Model.Tag>())
                .GroupBy(tag => tag.Key, StringComparer.Ordinal)
                .ToDictionary(group => group.Key, group => group.Last().Value ?? string.Empty, StringComparer.Ordinal), cancellationToken).ConfigureAwait(false);

        // A filter, not InstanceIds: one unknown id would fail the whole call with InvalidInstanceID.NotFound.
        private async Task<IReadOnlyDictionary<string, T>> DescribeByIdAsync<T>(IReadOnlyList<string> instanceIds, Func<Instance, T> select, CancellationToken cancellationToken)
        {
            AwsCall call = AwsCall.Ec2("DescribeInstances", ("InstanceId", Join(instanceIds)));
            IReadOnlyList<KeyValuePair<string, T>> found = await Paging.ReadAllAsync(async (nextToken, ct) =>
            {
                var request = new DescribeInstancesRequest { Filters = new List<Filter> { new("instance-id", instanceIds.ToList()) }, NextToken = nextToken };
                DescribeInstancesResponse response = await SendAsync(call, () => _ec2.DescribeInstancesAsync(request, ct), ct).ConfigureAwait(false);
                IReadOnlyList<KeyValuePair<string, T>> page = (response.Reservations ?? new List<Reservation>())
                    .SelectMany(reservation => reservation.Instances ?? new List<Instance>())
                    .Where(instance => instance.State?.Name is not null)
                    .Select(instance => new KeyValuePair<string, T>(instance.InstanceId, select(instance)))
                    .ToList();
                return new Page<KeyValuePair<string, T>>(page, string.IsNullOrEmpty(response.NextToken) ? null : response.NextToken);
            }, cancellationToken).ConfigureAwait(false);
            return found.GroupBy(pair => pair.Key, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.Last().Value, StringComparer.Ordinal);
        }

        public async Task<IReadOnlyList<string>> DescribeRegionsAsync(CancellationToken cancellationToken)
        {
            // Without AllRegions EC2 lists the enabled regions only: those a not-opted-in region is left out of.
            var request = new DescribeRegionsRequest();
            AwsCall call = AwsCall.Ec2("DescribeRegions");
            DescribeRegionsResponse response = await SendAsync(call, () => _ec2.DescribeRegionsAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
            return (response.Regions ?? new List<Region>())
                .Select(region => region.RegionName)
                .Where(name => !string.IsNullOrEmpty(name))
                .Distinct(StringComparer.Ordinal)
                .OrderBy(name => name, StringComparer.Ordinal)
                .ToList();
        }

        public async Task<LaunchTemplateVersion> DescribeDefaultLaunchTemplateVersionAsync(string launchTemplateId, CancellationToken cancellationToken)
        {
            var request = new DescribeLaunchTemplateVersionsRequest { LaunchTemplateId = launchTemplateId, Versions = new List<string> { "$Default" } };
            AwsCall call = AwsCall.Ec2("DescribeLaunchTemplateVersions", ("LaunchTemplateId", launchTemplateId), ("Version", "$Default"));
            DescribeLaunchTemplateVersionsResponse response = await SendAsync(call, () => _ec2.DescribeLaunchTemplateVersionsAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
            return ToVersion((response.LaunchTemplateVersions ?? new List<Amazon.EC2.Model.LaunchTemplateVersion>()).Single());
        }

        public async Task<LaunchTemplateVersion> CreateLaunchTemplateVersionAsync(
            string launchTemplateId, long sourceVersion, string instanceProfileArn, string description, string clientToken, CancellationToken cancellationToken)
        {
            var request = new CreateLaunchTemplateVersionRequest
            {
                LaunchTemplateId = launchTemplateId,
                SourceVersion = sourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
                VersionDescription = description,
                ClientToken = clientToken,
                LaunchTemplateData = new RequestLaunchTemplateData
                {
                    IamInstanceProfile = new LaunchTemplateIamInstanceProfileSpecificationRequest { Arn = instanceProfileArn },
                },
            };
            AwsCall call = AwsCall.Ec2("CreateLaunchTemplateVersion", ("LaunchTemplateId", launchTemplateId), ("SourceVersion", request.SourceVersion), ("InstanceProfile", instanceProfileArn));
            CreateLaunchTemplateVersionResponse response = await SendAsync(call, () => _ec2.CreateLaunchTemplateVersionAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
            return ToVersion(response.LaunchTemplateVersion);
        }

        public async Task SetDefaultLaunchTemplateVersionAsync(string launchTemplateId, long version, CancellationToken cancellationToken)
        {
            var request = new ModifyLaunchTemplateRequest { LaunchTemplateId = launchTemplateId, DefaultVersion = version.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            AwsCall call = AwsCall.Ec2("ModifyLaunchTemplate", ("LaunchTemplateId", launchTemplateId), ("DefaultVersion", request.DefaultVersion));
            await SendAsync(call, () => _ec2.ModifyLaunchTemplateAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        private static LaunchTemplateVersion ToVersion(Amazon.EC2.Model.LaunchTemplateVersion version) =>
            new(version.LaunchTemplateId, version.LaunchTemplateName, version.VersionNumber ?? 0, version.DefaultVersion ?? false,
                NullIfEmpty(version.LaunchTemplateData?.IamInstanceProfile?.Arn), NullIfEmpty(version.LaunchTemplateData?.IamInstanceProfile?.Name));

        private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

        public async Task<Page<string>> DescribeInstanceIdsAsync(string? nextToken, int? maxResults, CancellationToken cancellationToken)
        {
            var request = new DescribeInstancesRequest { NextToken = nextToken, MaxResults = maxResults };
            AwsCall call = AwsCall.Ec2("DescribeInstances");
            DescribeInstancesResponse response = await SendAsync(call, () => _ec2.DescribeInstancesAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
            IReadOnlyList<string> ids = (response.Reservations ?? new List<Reservation>())
                .SelectMany(reservation => reservation.Instances ?? new List<Instance>())
                .Where(instance => instance.State?.Name?.Value != "terminated")
                .Select(instance => instance.InstanceId)
                .ToList();
            return new Page<string>(ids, string.IsNullOrEmpty(response.NextToken) ? null : response.NextToken);
        }

        private static string? Join(IReadOnlyList<string> ids) => ids.Count == 0 ? null : string.Join(",", ids);

        private async Task<T> SendAsync<T>(AwsCall call, Func<Task<T>> send, CancellationToken cancellationToken)
            where T : AmazonWebServiceResponse
        {
            try
            {
                T response = await send().ConfigureAwait(false);
                _log.Verbose(AwsCallLog.Success(call, (int)response.HttpStatusCode, response.ResponseMetadata?.RequestId));
                return response;
            }
            catch (Exception error)
            {
                Exception mapped = AwsErrorMap.Map(error, call, cancellationToken.IsCancellationRequested);
                if (mapped is AwsServiceException refused)
                {
                    mapped = await PassRoleDecoding.NameAsync(refused, call, _decode, cancellationToken).ConfigureAwait(false);
                }

                _log.Verbose(AwsCallLog.Failure(call, mapped));
                if (ReferenceEquals(mapped, error))
                {
                    throw;
                }

                throw mapped;
            }
        }
    }
}
