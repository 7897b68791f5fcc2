using System;

namespace InstanceProfileTools.Sandbox.Faults
{
    /// <summary>
    /// A token bucket: <see cref="TryTake"/> succeeds while tokens last; they refill at a steady rate on the time it
    /// is given (the sandbox's <see cref="State.IClock"/>). Kept as the moment the bucket will be full again, in
    /// whole ticks, so refills are exact (no sum of fractional tokens drifting below 1).
    /// Not System.Threading.RateLimiting's TokenBucketRateLimiter: in .NET 10 even its manual TryReplenish() adds
    /// tokens for the Stopwatch time elapsed, so the sandbox clock (and a test's manual clock) could not drive it.
    /// </summary>
    public sealed class TokenBucket
    {
        private readonly long _ticksPerToken;
        private readonly long _burst;
        private DateTimeOffset _fullAt;

        /// <summary>Creates a full bucket of <paramref name="burst"/> tokens (at least 1) refilled at <paramref name="ratePerSecond"/>.</summary>
        public TokenBucket(double ratePerSecond, int burst, DateTimeOffset now)
        {
            _ticksPerToken = Math.Max(1, (long)Math.Round(TimeSpan.TicksPerSecond / ratePerSecond));
            _burst = Math.Max(1, burst);
            _fullAt = now;
        }

        /// <summary>Takes a token if one is there at <paramref name="now"/>.</summary>
        public bool TryTake(DateTimeOffset now)
        {
            long missingTicks = Math.Max(0, (_fullAt - now).Ticks);

            // At least one token is left while fewer than burst - 1 tokens' worth of refill is outstanding.
            if (missingTicks > (_burst - 1) * _ticksPerToken)
            {
                return false;
            }

            _fullAt = (_fullAt > now ? _fullAt : now) + TimeSpan.FromTicks(_ticksPerToken);
            return true;
        }
    }
}
