using System.Collections.Generic;

namespace InstanceProfileTools.Core.Moves
{
    /// <summary>
    /// What a <see cref="Rollout"/> needs from the one thread that drives it (a cmdlet's pipeline thread): the channel
    /// Core writes to, somewhere to write each message as it comes, and the wave's health check.
    /// </summary>
    public interface IRolloutHost
    {
        /// <summary>The channel the rollout's runners report to and Core logs to.</summary>
        HostChannel Channel { get; }

        /// <summary>Writes one message, a report marked with its wave (null outside waves); a host may throw to end the run.</summary>
        void Write(HostMessage message, int? wave);

        /// <summary>Runs the wave's health check: null when it passed, or why it failed.</summary>
        string? CheckHealth(IReadOnlyList<RoleChangeResult> wave, int waveNumber);
    }
}
