using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace InstanceProfileTools.Core.RoleChange
{
    /// <summary>
    /// Changes many instances with at most a throttle limit in flight. Instance ids are added as they arrive
    /// (from the pipeline); each starts when a slot is free. Reports go out through one queue that the pipeline
    /// thread reads (<see cref="TryRead"/>, woken by <see cref="Signal"/>), since PowerShell writes only there.
    /// Stopping starts nothing new; instances in flight finish or roll back, so none is left without the profile
    /// it had.
    /// </summary>
    public sealed class RoleChangeRunner : IDisposable
    {
        /// <summary>Sixteen: enough to move a fleet in minutes, few enough to stay inside EC2's request rates.</summary>
        public const int DefaultThrottleLimit = 16;

        private readonly RoleChangeEngine _engine;
        private readonly int _throttleLimit;
        private readonly CancellationToken _stopStarting;
        private readonly CancellationToken _abort;
        private readonly object _lock = new();
        private readonly Queue<string> _waiting = new();
        private readonly List<Task> _started = new();
        private readonly ConcurrentQueue<RoleChangeEvent> _events = new();
        private readonly AutoResetEvent _signal = new(false);
        private readonly CancellationTokenRegistration _stopRegistration;
        private int _inFlight;
        private bool _addingCompleted;
        private bool _stopped;
        private int _runFailed;
        private volatile bool _finished;

        internal RoleChangeRunner(RoleChangeEngine engine, int throttleLimit, CancellationToken stopStarting, CancellationToken abort)
        {
            if (throttleLimit < 1) throw new ArgumentOutOfRangeException(nameof(throttleLimit));
            _engine = engine;
            _throttleLimit = throttleLimit;
            _stopStarting = stopStarting;
            _abort = abort;
            _stopRegistration = stopStarting.Register(Stop);
        }

        /// <summary>Set whenever a report is queued or the run finishes.</summary>
        public WaitHandle Signal => _signal;

        /// <summary>True once every started instance is done and no more will start; reports may still be queued.</summary>
        public bool IsFinished => _finished;

        /// <summary>Instances that were added but never started because the run was stopped.</summary>
        public int NotStarted { get; private set; }

        /// <summary>Queues an instance; it starts when a slot is free. Ignored after a stop.</summary>
        public void Add(string instanceId)
        {
            lock (_lock)
            {
                if (_addingCompleted) throw new InvalidOperationException("No instance can be added after CompleteAdding.");
                if (_stopped)
                {
                    NotStarted++;
                    return;
                }

                _waiting.Enqueue(instanceId);
                StartWhatFits();
            }
        }

        /// <summary>No more instances will be added; the run finishes when those added are done.</summary>
        public void CompleteAdding()
        {
            lock (_lock)
            {
                _addingCompleted = true;
                FinishIfDone();
            }
        }

        /// <summary>Takes the next report, if any.</summary>
        public bool TryRead(out RoleChangeEvent report) => _events.TryDequeue(out report!);

        /// <summary>Blocks until every instance in flight is done. The work needs no pipeline thread to go on.</summary>
        public void WaitForInFlight()
        {
            Task[] running;
            lock (_lock)
            {
                running = _started.ToArray();
            }

            try
            {
                Task.WaitAll(running);
            }
            catch (AggregateException)
            {
                // Each instance's failure is in its result; only an abort ends a task in error, and that is intended.
            }
        }

        /// <summary>Stops starting instances and waits for those in flight, so that none is left half changed.</summary>
        public void Dispose()
        {
            Stop();
            WaitForInFlight();
            _stopRegistration.Dispose();
            _signal.Dispose();
        }

        private void Stop()
        {
            lock (_lock)
            {
                if (_stopped) return;
                _stopped = true;
                NotStarted += _waiting.Count;
                _waiting.Clear();
                FinishIfDone();
            }
        }

        // Called with _lock held.
        private void StartWhatFits()
        {
            while (!_stopped && _inFlight < _throttleLimit && _waiting.Count > 0)
            {
                string instanceId = _waiting.Dequeue();
                _inFlight++;
                Publish(RoleChangeEvent.Started(instanceId));

                // Task.Run: the work must never need the caller's thread (the pipeline thread, which may block on it).
                _started.Add(Task.Run(() => RunOneAsync(instanceId)));
            }
        }

        private async Task RunOneAsync(string instanceId)
        {
            try
            {
                if (await TargetResolvedAsync().ConfigureAwait(false))
                {
                    Publish(RoleChangeEvent.Finished(await ChangeAsync(instanceId).ConfigureAwait(false)));
                }
            }
            finally
            {
                Done();
            }
        }

        private async Task<bool> TargetResolvedAsync()
        {
            try
            {
                await _engine.ResolveTargetAsync(_abort).ConfigureAwait(false);
                return true;
            }
            catch (InstanceProfileToolsException targetFailure)
            {
                // Without a target no instance can change: the run ends, reported once.
                if (Interlocked.Exchange(ref _runFailed, 1) == 0)
                {
                    Publish(RoleChangeEvent.RunFailed(targetFailure));
                }

                Stop();
                return false;
            }
        }

        private async Task<RoleChangeResult> ChangeAsync(string instanceId)
        {
            try
            {
                return await _engine.ChangeAsync(instanceId, _abort).ConfigureAwait(false);
            }
            catch (InstanceProfileToolsException invalid)
            {
                return new RoleChangeResult(instanceId) { Error = invalid };
            }
        }

        private void Done()
        {
            lock (_lock)
            {
                _inFlight--;
                StartWhatFits();
                FinishIfDone();
            }
        }

        // Called with _lock held.
        private void FinishIfDone()
        {
            if ((_addingCompleted || _stopped) && _waiting.Count == 0 && _inFlight == 0 && !_finished)
            {
                _finished = true;
                _signal.Set();
            }
        }

        private void Publish(RoleChangeEvent report)
        {
            _events.Enqueue(report);
            _signal.Set();
        }
    }
}
