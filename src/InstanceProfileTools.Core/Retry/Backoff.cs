using System;

namespace InstanceProfileTools.Core.Retry
{
    /// <summary>
    /// Exponential backoff with "equal jitter": half the step is fixed, half random, so that a thousand
    /// instances retrying the same propagation error do not hit IAM in lock step.
    /// </summary>
    public sealed class Backoff
    {
        private readonly Random _random;

        public Backoff(TimeSpan initialDelay, TimeSpan maxDelay, Random? random = null)
        {
            if (initialDelay <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(initialDelay));
            if (maxDelay < initialDelay) throw new ArgumentOutOfRangeException(nameof(maxDelay));
            InitialDelay = initialDelay;
            MaxDelay = maxDelay;
            _random = random ?? new Random();
        }

        /// <summary>Terraform's propagation retries start near one second; so do ours.</summary>
        public static Backoff Default => new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));

        public TimeSpan InitialDelay { get; }

        public TimeSpan MaxDelay { get; }

        /// <summary>The delay before retry number <paramref name="attempt"/> (1 for the first retry).</summary>
        public TimeSpan DelayFor(int attempt)
        {
            double step = InitialDelay.TotalMilliseconds * Math.Pow(2, Math.Min(Math.Max(attempt - 1, 0), 20));
            double capped = Math.Min(step, MaxDelay.TotalMilliseconds);
            double jitter;
            lock (_random)
            {
                jitter = _random.NextDouble();
            }

            return TimeSpan.FromMilliseconds((capped / 2) + (jitter * capped / 2));
        }
    }
}
