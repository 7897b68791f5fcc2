using System;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core;

namespace InstanceProfileTools.Core.Tests.Support
{
    /// <summary>A clock whose delays pass at once, moving its time forward: retries and waits take no wall time.</summary>
    internal sealed class FakeClock : IClock
    {
        private long _ticks = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;

        public DateTimeOffset UtcNow => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

        public Task Delay(TimeSpan delay, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Interlocked.Add(ref _ticks, delay.Ticks);
            return Task.CompletedTask;
        }
    }
}
