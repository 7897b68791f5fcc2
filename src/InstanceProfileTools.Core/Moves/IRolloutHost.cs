using System.Collections.Generic;
using System.Threading;

namespace InstanceProfileTools.Core.Moves
{
    /// <summary>
    /// What a <see cref="Rollout"/> needs from the one thread that drives it (a cmdlet's pipeline thread): somewhere to
    /// write each report as it comes, the wave's health check, and a way to be woken for other work (the log).
    /// </summary>
    public interface IRolloutHost
    {
        /// <summary>One report of the runner, marked with its wave (null outside waves); a host may throw to end the run.</summary>
        void Report(RoleChangeEvent report, int? wave);

        /// <summary>Runs the wave's health check: null when it passed, or why it failed.</summary>
        string? CheckHealth(IReadOnlyList<RoleChangeResult> wave, int waveNumber);

        /// <summary>Says something to the user (a wave put back, a pause).</summary>
        void Warn(string message);

        /// <summary>Set when the host has work of its own for the driving thread; <see cref="OnWake"/> does it.</summary>
        WaitHandle Wake { get; }

        void OnWake();
    }
}
