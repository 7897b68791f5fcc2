using System;

namespace InstanceProfileTools.Sandbox.State
{
    /// <summary>The time the sandbox runs on. Tests pass a manual clock so consistency windows take no wall time.</summary>
    public interface IClock
    {
        /// <summary>The current UTC time.</summary>
        DateTimeOffset UtcNow { get; }
    }
}
