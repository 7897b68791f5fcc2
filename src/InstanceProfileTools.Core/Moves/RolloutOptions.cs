using System;

namespace InstanceProfileTools.Core.Moves
{
    /// <summary>How a <see cref="Rollout"/> moves its instances: at once, or in waves with a health check after each.</summary>
    public sealed record RolloutOptions
    {
        /// <summary>Instances in flight at once (each wave's too).</summary>
        public int ThrottleLimit { get; init; } = RoleChangeRunner.DefaultThrottleLimit;

        /// <summary>The waves; null to move every instance as it comes, with no check.</summary>
        public Waves? Waves { get; init; }

        /// <summary>Failed instances the rollout tolerates in all; one more stops it and puts the wave back.</summary>
        public int MaxFailures { get; init; }

        /// <summary>The pause after a wave whose check passed, before the next.</summary>
        public TimeSpan WavePause { get; init; }

        /// <summary>Leave a failed wave as it is instead of putting it back.</summary>
        public bool NoRollback { get; init; }
    }
}
