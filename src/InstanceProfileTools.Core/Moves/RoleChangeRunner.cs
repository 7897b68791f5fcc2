using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace InstanceProfileTools.Core.Moves
{
    /// <summary>
    /// Changes many instances with at most a throttle limit in flight. Instance ids are added as they arrive
    /// (from the pipeline) and read ahead, 200 a call, ahead of the slots that will take them; each starts when a
    /// slot is free, the instance whose method has the fewest in flight first, so that the Replace and the
    /// Associate buckets (EC2 limits each action apart) are both kept busy. Reports go out through the
    /// <see cref="HostChannel"/> that the pipeline thread reads, since PowerShell writes only there.
    /// Stopping starts nothing new; instances in flight finish or roll back, so none is left without the profile
    /// it had.
    /// </summary>
    public sealed class RoleChangeRunner : IDisposable
    {
        /// <summary>
        /// Sixty-four: the pacer, not this, keeps the run inside EC2's request rates; in flight are the instances
        /// waiting for a token or for their association, and AWS's 5 Replace plus 5 Associate a second, each taking
        /// seconds to associate, need a few dozen to keep both buckets busy.
        /// </summary>
        public const int DefaultThrottleLimit = 64;

        /// <summary>
        /// How far the read-ahead may go to find instances of both methods: a fleet listed with its replaces first
        /// would otherwise leave the Associate bucket idle until the replaces were nearly done. A read far ahead
        /// may be old when its instance starts, which is safe: EC2 replaces only the association id it is given
        /// and associates only an instance that has none, so a change made since fails that instance alone.
        /// </summary>
        internal const int MaxReadAhead = 5 * Ec2.AssociationReader.MaxIdsPerCall;

        private readonly FleetMover _mover;
        private readonly int _throttleLimit;
        private readonly CancellationToken _stopStarting;
        private readonly CancellationToken _abort;
        private readonly object _lock = new();
        private readonly List<string> _waiting = new();
        private readonly Dictionary<string, (InstanceSnapshot? Snapshot, RoleChangeMethod Method)> _readAhead = new(StringComparer.Ordinal);
        private readonly Dictionary<RoleChangeMethod, int> _readAheadByMethod = new();
        private readonly Dictionary<RoleChangeMethod, int> _inFlightByMethod = new();
        private readonly List<Task> _started = new();
        private readonly HostChannel _channel;
        private readonly CancellationTokenSource _stopMoves;
        private readonly CancellationTokenRegistration _stopRegistration;
        private int _inFlight;
        private bool _addingCompleted;
        private bool _stopped;
        private readonly List<string> _notStarted = new();
        private int _runFailed;
        private int _journalFailed;
        private int _passRoleDenied;
        private bool _readingAhead;
        private volatile bool _finished;

        /// <param name="moverFor">The mover, given the token that stops it: Ctrl+C, or this runner on a refusal every instance would meet.</param>
        internal RoleChangeRunner(Func<CancellationToken, FleetMover> moverFor, int throttleLimit, HostChannel channel, CancellationToken stopStarting, CancellationToken abort)
        {
            if (throttleLimit < 1) throw new ArgumentOutOfRangeException(nameof(throttleLimit));
            _stopMoves = CancellationTokenSource.CreateLinkedTokenSource(stopStarting);
            _mover = moverFor(_stopMoves.Token);
            _channel = channel ?? throw new ArgumentNullException(nameof(channel));
            _throttleLimit = throttleLimit;
            _stopStarting = stopStarting;
            _abort = abort;
            _stopRegistration = stopStarting.Register(Stop);
        }

        /// <summary>Where the reports go; its signal is set when the run finishes, too.</summary>
        public HostChannel Channel => _channel;

        /// <summary>True once every started instance is done and no more will start; reports may still be queued.</summary>
        public bool IsFinished => _finished;

        /// <summary>Instances that were added but never started because the run was stopped.</summary>
        public int NotStarted
        {
            get { lock (_lock) return _notStarted.Count; }
        }

        /// <summary>The ids of the instances never started, in the order added.</summary>
        public IReadOnlyList<string> NotStartedIds
        {
            get { lock (_lock) return _notStarted.ToArray(); }
        }

        /// <summary>Instances started and not yet finished.</summary>
        public int InFlight
        {
            get { lock (_lock) return _inFlight; }
        }

        /// <summary>Queues an instance; it starts when a slot is free. Ignored after a stop.</summary>
        public void Add(string instanceId)
        {
            lock (_lock)
            {
                if (_addingCompleted) throw new InvalidOperationException("No instance can be added after CompleteAdding.");
                if (_stopped)
                {
                    _notStarted.Add(instanceId);
                    return;
                }

                _waiting.Add(instanceId);
                ReadAheadIfNeeded();
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
            _stopMoves.Dispose();
        }

        private void Stop()
        {
            lock (_lock)
            {
                if (_stopped) return;
                _stopped = true;
                _notStarted.AddRange(_waiting);
                _waiting.Clear();
                _readAhead.Clear();
                _readAheadByMethod.Clear();
                FinishIfDone();
            }
        }

        // Called with _lock held. Reads the next instances while fewer than a throttle limit of them are read, and
        // further, up to MaxReadAhead, while those read hold too few replaces or associates to keep both buckets busy.
        private void ReadAheadIfNeeded()
        {
            // _readAhead holds exactly the waiting instances that were read: its count says how many, without a scan.
            if (_stopped || _readingAhead || _readAhead.Count >= _waiting.Count)
            {
                return;
            }

            bool tooFewForTheSlots = _readAhead.Count < _throttleLimit;
            bool tooFewForBothBuckets = _readAhead.Count < MaxReadAhead &&
                Math.Min(Count(_readAheadByMethod, RoleChangeMethod.Replace), Count(_readAheadByMethod, RoleChangeMethod.Associate)) < (_throttleLimit + 1) / 2;
            if (!tooFewForTheSlots && !tooFewForBothBuckets)
            {
                return;
            }

            _readingAhead = true;
            _started.Add(Task.Run(ReadAheadAsync));
        }

        private async Task ReadAheadAsync()
        {
            string[] batch = Array.Empty<string>();
            IReadOnlyDictionary<string, InstanceSnapshot>? read = null;
            try
            {
                if (!await PreparedAsync().ConfigureAwait(false))
                {
                    return;
                }

                // Taken after the target is known, so that the ids that came meanwhile share the read.
                lock (_lock)
                {
                    batch = _waiting.Where(id => !_readAhead.ContainsKey(id)).Take(Ec2.AssociationReader.MaxIdsPerCall).ToArray();
                }

                if (batch.Length > 0)
                {
                    read = await _mover.ReadAsync(batch, _abort).ConfigureAwait(false);
                }
            }
            catch (InstanceProfileToolsException)
            {
                // Each instance then reads for itself, and meets the failure on its own if it lasts.
            }
            finally
            {
                lock (_lock)
                {
                    _readingAhead = false;
                    if (!_stopped)
                    {
                        foreach (string instanceId in batch)
                        {
                            InstanceSnapshot? snapshot = read?.TryGetValue(instanceId, out InstanceSnapshot? found) == true ? found : null;
                            RoleChangeMethod method = snapshot is null ? RoleChangeMethod.Replace : _mover.MethodFor(instanceId, snapshot);
                            _readAhead[instanceId] = (snapshot, method);
                            _readAheadByMethod[method] = Count(_readAheadByMethod, method) + 1;
                        }
                    }

                    StartWhatFits();
                    ReadAheadIfNeeded();
                    FinishIfDone();
                }
            }
        }

        // Called with _lock held.
        private void StartWhatFits()
        {
            while (!_stopped && _inFlight < _throttleLimit && NextToStart() is { } next)
            {
                (string instanceId, InstanceSnapshot? snapshot, RoleChangeMethod method) = next;
                _waiting.Remove(instanceId);
                _readAhead.Remove(instanceId);
                _readAheadByMethod[method] = Count(_readAheadByMethod, method) - 1;
                _inFlight++;
                _inFlightByMethod[method] = Count(_inFlightByMethod, method) + 1;
                Publish(RoleChangeEvent.Started(instanceId));

                // Task.Run: the work must never need the caller's thread (the pipeline thread, which may block on it).
                _started.Add(Task.Run(() => RunOneAsync(instanceId, snapshot, method)));
            }
        }

        // Called with _lock held: of the instances read, the first whose method has the fewest in flight.
        private (string, InstanceSnapshot?, RoleChangeMethod)? NextToStart()
        {
            (string, InstanceSnapshot?, RoleChangeMethod)? best = null;
            int fewest = int.MaxValue;
            int seen = 0;
            foreach (string instanceId in _waiting)
            {
                if (seen == _readAhead.Count)
                {
                    break;
                }

                if (!_readAhead.TryGetValue(instanceId, out (InstanceSnapshot? Snapshot, RoleChangeMethod Method) read))
                {
                    continue;
                }

                seen++;
                int inFlight = read.Method == RoleChangeMethod.None ? -1 : Count(_inFlightByMethod, read.Method);
                if (inFlight < fewest)
                {
                    best = (instanceId, read.Snapshot, read.Method);
                    fewest = inFlight;
                }
            }

            return best;
        }

        private static int Count(Dictionary<RoleChangeMethod, int> byMethod, RoleChangeMethod method) => byMethod.TryGetValue(method, out int count) ? count : 0;

        private async Task RunOneAsync(string instanceId, InstanceSnapshot? snapshot, RoleChangeMethod method)
        {
            try
            {
                RoleChangeResult result = await ChangeAsync(instanceId, snapshot).ConfigureAwait(false);
                if (NeverStarted(result))
                {
                    lock (_lock) _notStarted.Add(instanceId);
                }
                else
                {
                    Publish(RoleChangeEvent.Finished(result));
                }

                if (result.Error?.ErrorId == ErrorIds.PassRoleDenied && Interlocked.Exchange(ref _passRoleDenied, 1) == 0)
                {
                    // The caller may not pass the role: every other instance would be refused alike, so none starts,
                    // and those past the gate end their waits.
                    Stop();
                    _stopMoves.Cancel();
                }

                if (_mover.Journal.Failure is { } unrecorded && Interlocked.Exchange(ref _journalFailed, 1) == 0)
                {
                    // Every change is recorded before it is made: with no record, no further instance starts.
                    Publish(RoleChangeEvent.JournalFailed(unrecorded));
                    Stop();
                }
            }
            finally
            {
                Done(method);
            }
        }

        // Another instance met a refusal all would meet (the caller may not pass the role): one held at the
        // first-success gate, or stopped by this runner before it made any call, never started. A Ctrl+C stop is
        // the operator's and stays reported per instance.
        private bool NeverStarted(RoleChangeResult result) =>
            result.Error is RefusedAtGateException
            || (Volatile.Read(ref _passRoleDenied) == 1 && !_stopStarting.IsCancellationRequested
                && result.Error?.ErrorId == ErrorIds.RoleChangeStopped && !result.Changed);

        private async Task<bool> PreparedAsync()
        {
            try
            {
                await _mover.PrepareAsync().ConfigureAwait(false);
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

        private async Task<RoleChangeResult> ChangeAsync(string instanceId, InstanceSnapshot? snapshot)
        {
            try
            {
                return await _mover.MoveAsync(instanceId, snapshot, _abort).ConfigureAwait(false);
            }
            catch (InstanceProfileToolsException invalid)
            {
                return new RoleChangeResult(instanceId) { Error = invalid };
            }
        }

        private void Done(RoleChangeMethod method)
        {
            lock (_lock)
            {
                _inFlight--;
                _inFlightByMethod[method] = Count(_inFlightByMethod, method) - 1;
                StartWhatFits();
                ReadAheadIfNeeded();
                FinishIfDone();
            }
        }

        // Called with _lock held.
        private void FinishIfDone()
        {
            if ((_addingCompleted || _stopped) && _waiting.Count == 0 && _inFlight == 0 && !_readingAhead && !_finished)
            {
                _finished = true;
                _channel.Wake();
            }
        }

        private void Publish(RoleChangeEvent report) => _channel.Report(report);
    }
}
