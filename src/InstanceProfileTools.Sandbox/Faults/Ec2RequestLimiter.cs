using System;
using System.Collections.Generic;
using InstanceProfileTools.Sandbox.Protocol;
using InstanceProfileTools.Sandbox.Settings;
using InstanceProfileTools.Sandbox.State;

namespace InstanceProfileTools.Sandbox.Faults
{
    /// <summary>
    /// EC2's request limits as AWS applies them: one token bucket per action (see <see cref="Ec2RequestLimits"/>),
    /// per account and per region, created full on first use. Not thread-safe: the fault injector's lock guards it.
    /// </summary>
    public sealed class Ec2RequestLimiter
    {
        private readonly RateLimitSettings _settings;
        private readonly Dictionary<(string Account, string Region, string Bucket), TokenBucket> _buckets =
            new Dictionary<(string, string, string), TokenBucket>();

        /// <summary>Creates the limiter; with rate limits off it lets everything through.</summary>
        public Ec2RequestLimiter(RateLimitSettings settings)
        {
            _settings = settings;
        }

        /// <summary>Whether the request may go on (it then took a token from its bucket).</summary>
        public bool TryTake(AwsRequest request, string defaultAccountId, DateTimeOffset now)
        {
            if (!_settings.Enabled || request.Service != ServiceKind.Ec2)
            {
                return true;
            }

            string bucketName = Ec2RequestLimits.BucketOf(request);
            var key = (request.AccountId ?? defaultAccountId, request.Region ?? SandboxStore.DefaultRegion, bucketName);
            if (!_buckets.TryGetValue(key, out TokenBucket? bucket))
            {
                var (burst, perSecond) = Ec2RequestLimits.LimitOf(bucketName, _settings);
                bucket = new TokenBucket(perSecond, burst, now);
                _buckets[key] = bucket;
            }

            return bucket.TryTake(now);
        }
    }
}
