using System.Collections.Generic;

namespace InstanceProfileTools.Sandbox.Settings
{
    /// <summary>Injected faults. All off by default.</summary>
    public sealed class FaultSettings
    {
        /// <summary>Added to every AWS request.</summary>
        public int LatencyMs { get; set; }

        /// <summary>Fraction (0..1) of requests answered with the service's throttling error.</summary>
        public double ThrottleRate { get; set; }

        /// <summary>Fraction (0..1) of requests answered with the service's 500 error.</summary>
        public double ServerErrorRate { get; set; }

        /// <summary>Fraction (0..1) of requests whose connection is closed without an answer.</summary>
        public double DropConnectionRate { get; set; }

        /// <summary>IAM token bucket refill rate; 0 for no limit.</summary>
        public double IamRequestsPerSecond { get; set; }

        /// <summary>IAM token bucket size (at least 1 when a rate is set).</summary>
        public int IamBurst { get; set; }

        /// <summary>EC2 token bucket refill rate; 0 for no limit.</summary>
        public double Ec2RequestsPerSecond { get; set; }

        /// <summary>EC2 token bucket size (at least 1 when a rate is set).</summary>
        public int Ec2Burst { get; set; }

        /// <summary>EC2's request limits per action, account and region: off (default), aws, or overrides of the aws table.</summary>
        public RateLimitSettings RateLimits { get; set; } = RateLimitSettings.Off;

        /// <summary>Seed of the random choices, so runs are reproducible; null for a random seed.</summary>
        public int? Seed { get; set; }

        /// <summary>Targeted faults, checked in order; the first that hits a request wins.</summary>
        public List<FaultRule> Rules { get; set; } = new List<FaultRule>();
    }
}
