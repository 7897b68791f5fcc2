using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Ports;
using InstanceProfileTools.Core.Retry;

namespace InstanceProfileTools.Core.Pacing
{
    /// <summary>
    /// Every EC2 call through the <see cref="Ec2Pacer"/>, and the one owner of EC2's retries (the SDK client
    /// makes one attempt), so that a retry is paced like any request and every throttling answer teaches the
    /// bucket. Throttling is retried for every call (EC2 did nothing: the request was refused before any work);
    /// 5xx answers and dropped connections only for reads, since a change whose answer was lost may have been made,
    /// and the caller must read the instance before trying again. At most <see cref="ThrottledAttempts"/> sends
    /// while throttled and <see cref="FailedAttempts"/> while failing: the bound on sends of one call.
    /// </summary>
    public sealed class PacedEc2Api : IEc2Api
    {
        /// <summary>Attempts per call while EC2 throttles (each waits for the slowed bucket).</summary>
        public const int ThrottledAttempts = 8;

        /// <summary>Attempts per read on 5xx answers and dropped connections: the SDK's standard three.</summary>
        public const int FailedAttempts = 3;

        private readonly IEc2Api _inner;
        private readonly Ec2Pacer _pacer;
        private readonly IClock _clock;
        private readonly IOperationLog _log;
        private readonly Backoff _backoff;

        private readonly Func<bool> _refreshCredentials;

        /// <param name="refreshCredentials">Fetches fresh credentials when EC2 says the session expired; false when it cannot.</param>
        public PacedEc2Api(IEc2Api inner, Ec2Pacer pacer, IClock clock, IOperationLog log, Backoff? backoff = null, Func<bool>? refreshCredentials = null)
        {
            _refreshCredentials = refreshCredentials ?? (() => false);
            _inner = inner ?? throw new ArgumentNullException(nameof(inner));
            _pacer = pacer ?? throw new ArgumentNullException(nameof(pacer));
            _clock = clock ?? throw new ArgumentNullException(nameof(clock));
            _log = log ?? throw new ArgumentNullException(nameof(log));
            _backoff = backoff ?? Backoff.Default;
        }

        public Task<ProfileAssociation> AssociateIamInstanceProfileAsync(string instanceId, ProfileReference profile, CancellationToken cancellationToken) =>
            SendAsync("AssociateIamInstanceProfile", ct => _inner.AssociateIamInstanceProfileAsync(instanceId, profile, ct), cancellationToken);

        public Task<Page<ProfileAssociation>> DescribeIamInstanceProfileAssociationsAsync(AssociationQuery query, string? nextToken, int? maxResults, CancellationToken cancellationToken) =>
            SendAsync("DescribeIamInstanceProfileAssociations", ct => _inner.DescribeIamInstanceProfileAssociationsAsync(query, nextToken, maxResults, ct), cancellationToken);

        public Task<ProfileAssociation> DisassociateIamInstanceProfileAsync(string associationId, CancellationToken cancellationToken) =>
            SendAsync("DisassociateIamInstanceProfile", ct => _inner.DisassociateIamInstanceProfileAsync(associationId, ct), cancellationToken);

        public Task<ProfileAssociation> ReplaceIamInstanceProfileAssociationAsync(string associationId, ProfileReference profile, CancellationToken cancellationToken) =>
            SendAsync("ReplaceIamInstanceProfileAssociation", ct => _inner.ReplaceIamInstanceProfileAssociationAsync(associationId, profile, ct), cancellationToken);

        public Task<IReadOnlyDictionary<string, InstanceState>> DescribeInstanceStatesAsync(IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) =>
            SendAsync("DescribeInstances", ct => _inner.DescribeInstanceStatesAsync(instanceIds, ct), cancellationToken);

        public Task<Page<string>> DescribeInstanceIdsAsync(string? nextToken, int? maxResults, CancellationToken cancellationToken) =>
            SendAsync("DescribeInstances", ct => _inner.DescribeInstanceIdsAsync(nextToken, maxResults, ct), cancellationToken);

        public Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> DescribeInstanceTagsAsync(IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) =>
            SendAsync("DescribeInstances", ct => _inner.DescribeInstanceTagsAsync(instanceIds, ct), cancellationToken);

        public Task<IReadOnlyList<string>> DescribeRegionsAsync(CancellationToken cancellationToken) =>
            SendAsync("DescribeRegions", ct => _inner.DescribeRegionsAsync(ct), cancellationToken);

        public Task<LaunchTemplateVersion> DescribeDefaultLaunchTemplateVersionAsync(string launchTemplateId, CancellationToken cancellationToken) =>
            SendAsync("DescribeLaunchTemplateVersions", ct => _inner.DescribeDefaultLaunchTemplateVersionAsync(launchTemplateId, ct), cancellationToken);

        public Task<LaunchTemplateVersion> CreateLaunchTemplateVersionAsync(
            string launchTemplateId, long sourceVersion, string instanceProfileArn, string description, string clientToken, CancellationToken cancellationToken) =>
            SendAsync("CreateLaunchTemplateVersion", ct => _inner.CreateLaunchTemplateVersionAsync(launchTemplateId, sourceVersion, instanceProfileArn, description, clientToken, ct), cancellationToken);

        public Task SetDefaultLaunchTemplateVersionAsync(string launchTemplateId, long version, CancellationToken cancellationToken) =>
            SendAsync("ModifyLaunchTemplate", async ct =>
            {
                await _inner.SetDefaultLaunchTemplateVersionAsync(launchTemplateId, version, ct).ConfigureAwait(false);
                return true;
            }, cancellationToken);

        private async Task<T> SendAsync<T>(string action, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
        {
            bool mutating = Ec2Pacer.IsMutating(action);
            int throttled = 0;
            int failed = 0;
            bool refreshed = false;
            while (true)
            {
                await _pacer.PaceAsync(action, cancellationToken).ConfigureAwait(false);
                try
                {
                    T answer = await call(cancellationToken).ConfigureAwait(false);
                    _pacer.Succeeded(action);
                    return answer;
                }
                catch (AwsServiceException error) when (error.ErrorId == ErrorIds.Throttled && ++throttled < ThrottledAttempts)
                {
                    _pacer.Throttled(action);
                    _log.Verbose($"EC2 throttled {action}; slowing {action} to {_pacer.BucketOf(action).Rate:0.##} a second and trying again.");
                }
                catch (AwsServiceException error) when (error.IsExpiredCredentials && !refreshed && _refreshCredentials())
                {
                    // Refused before any work: with fresh credentials the same request goes again, mutating or not.
                    refreshed = true;
                    _log.Verbose($"EC2 {action}: the session credentials expired; refreshed them, trying again.");
                }
                catch (AwsServiceException error) when (Retryable(error, mutating) && ++failed < FailedAttempts)
                {
                    TimeSpan delay = _backoff.DelayFor(failed);
                    _log.Verbose($"EC2 {action} failed ({error.ErrorCode}); trying again in {delay.TotalSeconds:0.#} s.");
                    await _clock.Delay(delay, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        private static bool Retryable(AwsServiceException error, bool mutating) =>
            !mutating && TransientErrors.MayHaveBeenLost(error);
    }
}
