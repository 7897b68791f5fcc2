using System;
using InstanceProfileTools.Sandbox.State;

namespace InstanceProfileTools.Sandbox.Tests.Support
{
    /// <summary>A clock the test moves by hand, so consistency windows take no wall time.</summary>
    internal sealed class ManualClock : IClock
    {
        public ManualClock(DateTimeOffset start)
        {
            UtcNow = start;
        }

        public ManualClock()
            : this(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero))
        {
        }

        public DateTimeOffset UtcNow { get; private set; }

        public void Advance(int milliseconds) => UtcNow = UtcNow.AddMilliseconds(milliseconds);
    }
}
