using System;
using System.Threading;
using System.Threading.Tasks;

namespace InstanceProfileTools.Core.Pacing
{
    /// <summary>
    /// A client-side token bucket on Core's <see cref="IClock"/>, whose refill adapts to the service: cut on a
    /// throttling answer and regrown along CUBIC, as the AWS SDKs' adaptive retry mode does (EVIDENCE row 25:
    /// beta 0.7, scale 0.4, at least 0.5 a second), never above the rate it was built with.
    /// A caller that finds no token reserves the next one (the count goes below zero) and waits for its time, so
    /// callers are served in the order they came with one lock and no queue.
    /// Not System.Threading.RateLimiting's TokenBucketRateLimiter: its refill is fixed when it is built, and even
    /// its manual TryReplenish() adds tokens for the Stopwatch time elapsed (11.0.0: drained, TryReplenish() at
    /// once adds 0, after 2.5 s adds 2), so neither the adaptive rate nor a test's clock could drive it.
    /// </summary>
    public sealed class RequestBucket
    {
        private const double Beta = 0.7;
        private const double Scale = 0.4;
        private const double MinimumRate = 0.5;

        private readonly IClock _clock;
        private readonly object _lock = new();
        private readonly double _burst;
        private double _tokens;
        private DateTimeOffset _refilledAt;
        private double _rate;
        private double _rateBeforeThrottle;
        private DateTimeOffset _throttledAt;

        /// <summary>A full bucket of <paramref name="burst"/> tokens (at least one), refilled at <paramref name="perSecond"/>.</summary>
        public RequestBucket(IClock clock, double burst, double perSecond)
        {
            if (perSecond <= 0) throw new ArgumentOutOfRangeException(nameof(perSecond), perSecond, "The rate must be positive.");
            _clock = clock ?? throw new ArgumentNullException(nameof(clock));
            _burst = Math.Max(1, burst);
            _tokens = _burst;
            MaxRate = perSecond;
            _rate = perSecond;
            _rateBeforeThrottle = perSecond;
            _refilledAt = clock.UtcNow;
        }

        /// <summary>The refill it was built with: the most it ever grows back to.</summary>
        public double MaxRate { get; }

        /// <summary>The refill now, in tokens a second.</summary>
        public double Rate
        {
            get { lock (_lock) return _rate; }
        }

        /// <summary>Waits for a token; answers how long it waited.</summary>
        public async Task<TimeSpan> AcquireAsync(CancellationToken cancellationToken)
        {
            TimeSpan wait;
            lock (_lock)
            {
                Refill();
                _tokens -= 1;
                wait = _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / _rate);
            }

            if (wait <= TimeSpan.Zero)
            {
                return TimeSpan.Zero;
            }

            try
            {
                await _clock.Delay(wait, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The reserved token was never used: give it back to those still waiting.
                lock (_lock) _tokens = Math.Min(_burst, _tokens + 1);
                throw;
            }

            return wait;
        }

        /// <summary>
        /// The service throttled a request anyway (other callers share its bucket): slow to 70% of the rate and
        /// drop the tokens left, so the next request waits for a refill instead of bursting into the same wall.
        /// </summary>
        public void Throttled()
        {
            lock (_lock)
            {
                Refill();
                _rateBeforeThrottle = _rate;
                _rate = Math.Max(Math.Min(MinimumRate, MaxRate), _rate * Beta);
                _throttledAt = _clock.UtcNow;
                _tokens = Math.Min(_tokens, 0);
            }
        }

        /// <summary>A request went through: grow the rate back along the CUBIC curve towards where it was cut.</summary>
        public void Succeeded()
        {
            lock (_lock)
            {
                if (_rate >= MaxRate)
                {
                    return;
                }

                Refill();
                double seconds = (_clock.UtcNow - _throttledAt).TotalSeconds;
                double k = Math.Pow(_rateBeforeThrottle * (1 - Beta) / Scale, 1.0 / 3);
                double cubic = Scale * Math.Pow(seconds - k, 3) + _rateBeforeThrottle;
                _rate = Math.Min(MaxRate, Math.Max(_rate, cubic));
            }
        }

        // Called with _lock held.
        private void Refill()
        {
            DateTimeOffset now = _clock.UtcNow;
            double seconds = (now - _refilledAt).TotalSeconds;
            if (seconds > 0)
            {
                _tokens = Math.Min(_burst, _tokens + seconds * _rate);
                _refilledAt = now;
            }
        }
    }
}
