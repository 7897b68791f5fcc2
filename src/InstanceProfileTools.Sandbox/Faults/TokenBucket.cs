using System;

namespace InstanceProfileTools.Sandbox.Faults
{
    /// <summary>A token bucket: <see cref="TryTake"/> succeeds while tokens last; they refill at a steady rate.</summary>
    public sealed class TokenBucket
    {
        private readonly double _ratePerSecond;
        private readonly double _capacity;
        private double _tokens;
        private DateTimeOffset _last;

        /// <summary>Creates a full bucket.</summary>
        public TokenBucket(double ratePerSecond, int burst, DateTimeOffset now)
        {
            _ratePerSecond = ratePerSecond;
            _capacity = Math.Max(1, burst);
            _tokens = _capacity;
            _last = now;
        }

        /// <summary>Takes a token if one is there.</summary>
        public bool TryTake(DateTimeOffset now)
        {
            if (now > _last)
            {
                _tokens = Math.Min(_capacity, _tokens + ((now - _last).TotalSeconds * _ratePerSecond));
                _last = now;
            }

            if (_tokens < 1)
            {
                return false;
            }

            _tokens -= 1;
            return true;
        }
    }
}
