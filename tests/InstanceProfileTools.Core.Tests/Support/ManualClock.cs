using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core;

namespace InstanceProfileTools.Core.Tests.Support
{
    /// <summary>A clock that moves only when the test advances it; delays complete when their time is reached.</summary>
    internal sealed class ManualClock : IClock
    {
        private readonly object _lock = new();
        private readonly List<(DateTimeOffset Due, TaskCompletionSource<bool> Done)> _delays = new();
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public DateTimeOffset UtcNow
        {
            get { lock (_lock) return _now; }
        }

        public Task Delay(TimeSpan delay, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_lock) _delays.Add((_now + delay, done));
            cancellationToken.Register(() => done.TrySetCanceled(cancellationToken));
            return done.Task;
        }

        public void Advance(TimeSpan by)
        {
            List<TaskCompletionSource<bool>> due;
            lock (_lock)
            {
                _now += by;
                due = _delays.Where(d => d.Due <= _now).Select(d => d.Done).ToList();
                _delays.RemoveAll(d => d.Due <= _now);
            }

            foreach (TaskCompletionSource<bool> done in due) done.TrySetResult(true);
        }
    }
}
