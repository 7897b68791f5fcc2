using System;
using System.Globalization;
using InstanceProfileTools.Core.Operations;
using InstanceProfileTools.Core.Retry;

namespace InstanceProfileTools.Core.Retry
{
    /// <summary>
    /// How often waits poll and how retries back off. The defaults suit AWS; the environment variable
    /// <c>IPT_POLL_INTERVAL_MS</c> shortens both, so that specs against the sandbox take seconds, not minutes.
    /// </summary>
    public sealed record WaitSettings(TimeSpan PollInterval, TimeSpan InitialBackoff, TimeSpan MaxBackoff)
    {
        /// <summary>The variable read by <see cref="FromEnvironment"/>; the only place it is read.</summary>
        public const string PollIntervalVariable = "IPT_POLL_INTERVAL_MS";

        /// <summary>One-second polls; retries from one to ten seconds (Terraform's propagation retries start near one).</summary>
        public static WaitSettings Default { get; } = new(Poller.DefaultInterval, Backoff.Default.InitialDelay, Backoff.Default.MaxDelay);

        /// <summary>The defaults, or all intervals derived from <c>IPT_POLL_INTERVAL_MS</c> when it holds a positive number.</summary>
        public static WaitSettings FromEnvironment()
        {
            string? value = Environment.GetEnvironmentVariable(PollIntervalVariable);
            if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int milliseconds) || milliseconds <= 0)
            {
                return Default;
            }

            TimeSpan interval = TimeSpan.FromMilliseconds(milliseconds);
            return new WaitSettings(interval, interval, TimeSpan.FromMilliseconds(milliseconds * 4));
        }

        /// <summary>A fresh backoff (each carries its own jitter source).</summary>
        public Backoff NewBackoff() => new(InitialBackoff, MaxBackoff);
    }
}
