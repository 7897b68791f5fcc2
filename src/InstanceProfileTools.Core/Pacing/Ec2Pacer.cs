using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace InstanceProfileTools.Core.Pacing
{
    /// <summary>
    /// Paces EC2 requests as AWS limits them (EVIDENCE row 22): a bucket per action, of AWS's documented size
    /// and refill, so a fleet run never asks faster than the account allows; each adapts when EC2 throttles
    /// anyway, since the account's buckets are shared with every other caller. An optional cap on all mutating
    /// calls together (-MaxRequestRate) leaves part of the account's rate to others.
    /// </summary>
    public sealed class Ec2Pacer
    {
        private readonly IClock _clock;
        private readonly ConcurrentDictionary<string, RequestBucket> _buckets = new(StringComparer.Ordinal);
        private readonly RequestBucket? _mutatingCap;

        /// <param name="clock">The time the buckets refill on.</param>
        /// <param name="maxMutatingRate">Mutating calls a second for all actions together; null for AWS's limits alone.</param>
        public Ec2Pacer(IClock clock, double? maxMutatingRate = null)
        {
            _clock = clock ?? throw new ArgumentNullException(nameof(clock));
            if (maxMutatingRate is { } rate)
            {
                if (!(rate > 0)) throw new ArgumentOutOfRangeException(nameof(maxMutatingRate), rate, "The rate must be positive.");

                // A burst of one second's worth: after the first second, never more than the rate.
                _mutatingCap = new RequestBucket(clock, Math.Floor(rate), rate);
            }
        }

        /// <summary>Whether the action changes something (AWS's "mutating" limits apply).</summary>
        public static bool IsMutating(string action) =>
            !action.StartsWith("Describe", StringComparison.Ordinal) && !action.StartsWith("Get", StringComparison.Ordinal) &&
            !action.StartsWith("List", StringComparison.Ordinal);

        /// <summary>AWS's documented bucket for the action: burst and refill a second.</summary>
        public static (int Burst, double PerSecond) LimitOf(string action) => action switch
        {
            // EVIDENCE row 31 (EC2 developer guide, ec2-api-throttling).
            "AssociateIamInstanceProfile" or "DisassociateIamInstanceProfile" or "CreateLaunchTemplateVersion" or "ModifyLaunchTemplate" => (100, 5),
            _ when IsMutating(action) => (50, 5),
            _ => (100, 20),
        };

        /// <summary>
        /// The action's bucket, created on first use with one second of refill fewer than AWS's burst: EC2 counts
        /// arrivals, and when the first call of a burst arrives late (a new connection) and a later one on time,
        /// a client that spent the whole burst would be a token ahead of EC2. The slack costs one second a run.
        /// </summary>
        public RequestBucket BucketOf(string action) =>
            _buckets.GetOrAdd(action, name =>
            {
                (int burst, double perSecond) = LimitOf(name);
                return new RequestBucket(_clock, burst - perSecond, perSecond);
            });

        /// <summary>Waits until the action may be sent.</summary>
        public async Task PaceAsync(string action, CancellationToken cancellationToken)
        {
            await BucketOf(action).AcquireAsync(cancellationToken).ConfigureAwait(false);

            // The operator's cap last: its time is the time the call goes out, so no wait after it can bunch calls
            // together. A token taken early from the action's bucket only sends that call later than EC2 allows.
            if (_mutatingCap is not null && IsMutating(action))
            {
                await _mutatingCap.AcquireAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>EC2 answered RequestLimitExceeded for the action.</summary>
        public void Throttled(string action) => BucketOf(action).Throttled();

        /// <summary>EC2 answered the action.</summary>
        public void Succeeded(string action) => BucketOf(action).Succeeded();
    }
}
