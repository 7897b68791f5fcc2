using System;

namespace InstanceProfileTools.Sandbox.State
{
    /// <summary>The real clock.</summary>
    public sealed class SystemClock : IClock
    {
        /// <summary>The one shared instance.</summary>
        public static readonly SystemClock Instance = new SystemClock();

        /// <inheritdoc />
        public DateTimeOffset UtcNow => DateTimeOffset.UtcNow;
    }
}
