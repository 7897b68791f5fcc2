using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.Journal;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Ec2;
using InstanceProfileTools.Core.Retry;

namespace InstanceProfileTools.Core.Moves
{
    /// <summary>
    /// Moves one instance to a profile (or to none) by repeating: read, decide (<see cref="MoveDecision"/>), record the
    /// intent, call. A failed call is never judged by its error alone: the next round reads what the instance has
    /// and goes on from there, so a lost reply costs a read, not a wrong report. The same object serves a change and
    /// its rollback, and knows every association it started from or made.
    /// </summary>
    internal sealed class InstanceMove
    {
        /// <summary>Sends of one step that failed without a trace on the instance (5xx, a dropped connection), before the move gives up.</summary>
        public const int UnexplainedFailures = 3;

        private readonly MoveServices _services;
        private readonly string _instanceId;
        private readonly AttemptCounter _attempts;
        /// <summary>
        /// Mutating calls that took effect, which one move may make before it gives up: a loop that keeps being undone
        /// is not a move. Refusals do not count (the propagation deadline and <see cref="UnexplainedFailures"/> bound them).
        /// </summary>
        public const int MaxCalls = 12;

        private readonly HashSet<string> _ours = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string?> _made = new(StringComparer.Ordinal);
        private int _calls;
        private ProfileAssociation? _start;

        public InstanceMove(MoveServices services, string instanceId, AttemptCounter attempts)
        {
            _services = services;
            _instanceId = instanceId;
            _attempts = attempts;
        }

        /// <summary>True once a mutating call may have changed the instance (its reply, or a read after it, says so).</summary>
        public bool Changed { get; private set; }

        /// <summary>How the instance was moved: the first mutating step, a stopped instance's disassociate-then-associate as one.</summary>
        public RoleChangeMethod Method { get; private set; }

        /// <summary>The instance's current association as last read or answered; null when it has none.</summary>
        public ProfileAssociation? Current { get; private set; }

        /// <summary>Starts from <paramref name="read"/>: its current association is the one the move may replace.</summary>
        public void StartFrom(InstanceSnapshot read)
        {
            _start = read.Current;
            Current = _start;
            if (_start is not null) _ours.Add(_start.AssociationId);
        }

        /// <summary>Notes what a read outside the move showed.</summary>
        public void Saw(InstanceSnapshot read) => Current = read.Current;

        /// <summary>
        /// Moves the instance to <paramref name="desiredArn"/> (null: no profile) and answers once it is associated
        /// there. After <see cref="MoveServices.Stop"/> no new change starts: the move answers where the instance is,
        /// except that an instance it left without the profile it had is given one (the desired, else back).
        /// </summary>
        /// <param name="read">What a read showed; null or stale reads are read again before a disassociate.</param>
        /// <param name="desiredArn">The profile to move to.</param>
        /// <param name="roles">The roles of the profiles, for the journal's intent lines.</param>
        /// <param name="gate">Held while the desired profile may still be unknown to EC2 (see <see cref="FirstSuccessGate"/>).</param>
        /// <param name="stoppable">False for a rollback, whose call still goes out after Ctrl+C.</param>
        public async Task<ProfileAssociation?> ToAsync(InstanceSnapshot? read, string? desiredArn, RoleNames roles, FirstSuccessGate? gate, bool stoppable, CancellationToken abort)
        {
            bool fresh = false;
            int unexplained = 0;
            DateTimeOffset propagationDeadline = _services.Clock.UtcNow + _services.Options.PropagationTimeout;
            using var ticket = new GateTicket(gate);
            int backoffAttempt = 0;
            while (true)
            {
                if (read is null)
                {
                    read = await ReadAsync(abort).ConfigureAwait(false);
                    fresh = true;
                }

                Current = read.Current;
                if (read.Current is { } mine && _made.TryGetValue(mine.AssociationId, out string? madeFor) && RoleChangeCalls.SameProfile(madeFor, desiredArn) &&
                    !RoleChangeCalls.SameProfile(mine.InstanceProfileArn, desiredArn))
                {
                    throw new InstanceProfileToolsException(ErrorIds.RoleChangeFailed, FailureKind.InvalidOperation, _instanceId,
                        $"Verification failed: association {mine.AssociationId} of instance {_instanceId}, made for {desiredArn}, now points at {mine.InstanceProfileArn}. Something else may be changing it.");
                }

                MoveStepKind step = MoveDecision.Next(read, desiredArn, _ours);
                if (read.Current is { } seen && desiredArn is not null && RoleChangeCalls.SameProfile(seen.InstanceProfileArn, desiredArn))
                {
                    _ours.Add(seen.AssociationId);
                }

                if (_services.Stop.IsCancellationRequested && !NeedsProfileBack(read) &&
                    (step == MoveStepKind.WaitAssociated || (stoppable && IsCall(step))))
                {
                    // Ctrl+C: the call in flight is done, its wait ends, and nothing new starts while the instance has a profile.
                    return read.Current;
                }

                switch (step)
                {
                    case MoveStepKind.Done:
                        ticket.Succeeded(desiredArn);
                        return read.Current;
                    case MoveStepKind.Foreign:
                        throw ChangedElsewhere(read.Current!, desiredArn);
                    case MoveStepKind.ReadInstanceState:
                        read = await WithStateAsync(read, abort).ConfigureAwait(false);
                        continue;
                    case MoveStepKind.WaitInstanceState:
                        read = read with { State = await _services.Calls.GetSettledInstanceStateAsync(_instanceId, _attempts, abort).ConfigureAwait(false) };
                        continue;
                    case MoveStepKind.WaitAssociated:
                        ticket.Succeeded(desiredArn);
                        read = await WaitAsync($"association {read.Current!.AssociationId} of instance {_instanceId} to be associated",
                            list => AssociationReader.Current(list) is not { State: AssociationState.Associating } current || current.AssociationId != read.Current!.AssociationId,
                            cutShortByStop: true, abort).ConfigureAwait(false);
                        fresh = true;
                        continue;
                    case MoveStepKind.WaitDisassociated:
                        read = await WaitAsync($"instance {_instanceId} to have no association",
                            list => list.All(a => a.State == AssociationState.Disassociated) || AssociationReader.Current(list) is not null,
                            cutShortByStop: false, abort).ConfigureAwait(false);
                        fresh = true;
                        continue;
                    case MoveStepKind.Disassociate when !fresh:
                        // The read that chose a disassociate may be old: a stopped instance may be running by now.
                        read = null;
                        continue;
                }

                if (step == MoveStepKind.Associate && NeedsProfileBack(read) && _services.Stop.IsCancellationRequested)
                {
                    desiredArn = _start!.InstanceProfileArn;
                }

                if (_calls >= MaxCalls)
                {
                    throw new InstanceProfileToolsException(ErrorIds.RoleChangeFailed, FailureKind.InvalidOperation, _instanceId,
                        $"Instance {_instanceId} did not stay on {desiredArn ?? "no instance profile"} after {MaxCalls} calls; something else keeps changing it.");
                }

                // Others may hold the gate for a long while (a new profile EC2 does not know yet): Ctrl+C ends the wait.
                bool mayStop = stoppable && !NeedsProfileBack(read);
                using (var turn = CancellationTokenSource.CreateLinkedTokenSource(abort, mayStop ? _services.Stop : CancellationToken.None))
                {
                    try
                    {
                        await ticket.EnterAsync(desiredArn, turn.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!abort.IsCancellationRequested)
                    {
                        return read.Current;
                    }
                }

                ProfileAssociation? before = read.Current;
                _services.Journal.Intent(_instanceId, before, await roles.OfAsync(before?.InstanceProfileArn, abort).ConfigureAwait(false),
                    desiredArn, await roles.OfAsync(desiredArn, abort).ConfigureAwait(false), MoveDecision.MethodOf(step, desiredArn));
                NoteMethod(step, desiredArn);
                try
                {
                    ProfileAssociation answer = await CallAsync(step, before, desiredArn!, abort).ConfigureAwait(false);
                    Changed = true;
                    _calls++;
                    _ours.Add(answer.AssociationId);
                    _made[answer.AssociationId] = desiredArn;

                    // Verified by a read, whatever the answer said: a new association waits on the shared poll.
                    ProfileAssociation pending = step == MoveStepKind.Disassociate ? answer with { State = AssociationState.Disassociating } : answer with { State = AssociationState.Associating };
                    read = new InstanceSnapshot(_instanceId, new[] { pending }, read.State);
                    fresh = false;
                    unexplained = 0;
                    continue;
                }
                catch (AwsServiceException failure)
                {
                    read = await ReadAsync(abort).ConfigureAwait(false);
                    fresh = true;
                    if (read.Current?.AssociationId != before?.AssociationId)
                    {
                        // The call went through though its reply said otherwise (or someone else acted): go on from what is there.
                        _services.Log.Verbose($"{step} for instance {_instanceId} answered {failure.ErrorCode}, but the instance changed: going on from what it has now.");
                        bool ourDoing = step == MoveStepKind.Disassociate
                            ? read.Current is null
                            : read.Current is { } now && RoleChangeCalls.SameProfile(now.InstanceProfileArn, desiredArn);
                        Changed |= ourDoing;
                        _calls++;
                        continue;
                    }

                    if (failure.IsPropagationError)
                    {
                        TimeSpan delay = _services.Backoff.DelayFor(++backoffAttempt);
                        if (_services.Clock.UtcNow + delay > propagationDeadline || _services.Stop.IsCancellationRequested)
                        {
                            if (NeedsProfileBack(read) && desiredArn != _start!.InstanceProfileArn)
                            {
                                // A stopped instance without the target: it gets its own profile back, which EC2 knows.
                                desiredArn = _start.InstanceProfileArn;
                                continue;
                            }

                            throw PropagationRetry.GiveUp($"{step} for instance {_instanceId}", failure, backoffAttempt, _services.Options.PropagationTimeout);
                        }

                        _services.Log.Verbose($"{step} for instance {_instanceId}: {failure.ErrorCode}; EC2 may not know the profile yet, trying again in {delay.TotalSeconds:0.0} s.");
                        await PauseAsync(delay, abort).ConfigureAwait(false);
                        continue;
                    }

                    if (failure.ErrorId == ErrorIds.PassRoleDenied)
                    {
                        // Not worth a retry, and no other instance need try: each would be refused alike.
                        ticket.Refused(failure);
                        throw;
                    }

                    if (failure.IsNotActiveAssociation || failure.ErrorCode == "IncorrectInstanceState")
                    {
                        // The instance is stopped, pending or stopping: decide again once its state is known.
                        read = read with { State = await _services.Calls.GetSettledInstanceStateAsync(_instanceId, _attempts, abort).ConfigureAwait(false) };
                        if (++unexplained < UnexplainedFailures) continue;
                    }
                    else if (TransientErrors.MayHaveBeenLost(failure) && ++unexplained < UnexplainedFailures)
                    {
                        await PauseAsync(_services.Backoff.DelayFor(unexplained), abort).ConfigureAwait(false);
                        continue;
                    }

                    throw;
                }
            }
        }

        // A backoff that Ctrl+C cuts short: the next round reads the instance and, stopped, starts nothing new.
        private async Task PauseAsync(TimeSpan delay, CancellationToken abort)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(abort, _services.Stop);
            try
            {
                await _services.Clock.Delay(delay, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!abort.IsCancellationRequested)
            {
                // Stopped: the loop decides what is left to do.
            }
        }

        private static bool IsCall(MoveStepKind step) => step is MoveStepKind.Replace or MoveStepKind.Associate or MoveStepKind.Disassociate;

        // A move that took away the profile the instance started with (a stopped instance between its two calls).
        private bool NeedsProfileBack(InstanceSnapshot read) => _start is not null && read.Current is null;

        private Task<ProfileAssociation> CallAsync(MoveStepKind step, ProfileAssociation? current, string desiredArn, CancellationToken abort) => step switch
        {
            MoveStepKind.Replace => _services.Calls.ReplaceAsync(current!.AssociationId, desiredArn, _attempts, abort),
            MoveStepKind.Associate => _services.Calls.AssociateAsync(_instanceId, desiredArn, _attempts, abort),
            _ => _services.Calls.DisassociateAsync(current!.AssociationId, _attempts, abort),
        };

        private void NoteMethod(MoveStepKind step, string? desiredArn)
        {
            if (Method == RoleChangeMethod.None)
            {
                Method = MoveDecision.MethodOf(step, desiredArn);
            }
        }

        private async Task<InstanceSnapshot> ReadAsync(CancellationToken abort)
        {
            IReadOnlyList<ProfileAssociation> associations = await _services.Calls.ListAsync(_instanceId, _attempts, abort).ConfigureAwait(false);
            return new InstanceSnapshot(_instanceId, associations, null);
        }

        private async Task<InstanceSnapshot> WithStateAsync(InstanceSnapshot read, CancellationToken abort)
        {
            IReadOnlyDictionary<string, InstanceState> states = await _services.Calls.GetInstanceStatesAsync(new[] { _instanceId }, _attempts, abort).ConfigureAwait(false);
            return states.TryGetValue(_instanceId, out InstanceState state) ? read with { State = state } : throw InstanceStateReader.NotFound(_instanceId);
        }

        // A wait on the shared poll. Ctrl+C ends the waits that leave the instance with a profile at once; the one
        // between a stopped instance's two calls goes on, since the associate must follow.
        private async Task<InstanceSnapshot> WaitAsync(string description, Func<IReadOnlyList<ProfileAssociation>, bool> isDone, bool cutShortByStop, CancellationToken abort)
        {
            using var linked = cutShortByStop ? CancellationTokenSource.CreateLinkedTokenSource(abort, _services.Stop) : CancellationTokenSource.CreateLinkedTokenSource(abort);
            try
            {
                IReadOnlyList<ProfileAssociation> seen = await _services.Watch.UntilAsync(_instanceId, description, isDone, _services.Options.Timeout, _attempts, linked.Token).ConfigureAwait(false);
                return new InstanceSnapshot(_instanceId, seen, null);
            }
            catch (OperationCanceledException) when (!abort.IsCancellationRequested && _services.Stop.IsCancellationRequested)
            {
                return await ReadAsync(abort).ConfigureAwait(false);
            }
        }

        private InstanceProfileToolsException ChangedElsewhere(ProfileAssociation now, string? desiredArn)
        {
            string expected = desiredArn is null
                ? "no instance profile, which this command set out to leave it with"
                : $"{desiredArn}, which this command set, or {_start?.InstanceProfileArn ?? "no instance profile"}, which it had";
            return ChangedElsewhereError(_instanceId, now, expected);
        }

        /// <summary>
        /// The error for an instance whose association someone else changed meanwhile: it names what the instance
        /// has now, and says that the module left it so rather than undo a change it did not make.
        /// </summary>
        public static InstanceProfileToolsException ChangedElsewhereError(string instanceId, ProfileAssociation? now, string expected)
        {
            string has = now is null
                ? "no instance profile"
                : $"instance profile {now.InstanceProfileArn} (association {now.AssociationId}, {now.State.ToString().ToLowerInvariant()})";
            return new InstanceProfileToolsException(ErrorIds.InstanceChangedElsewhere, FailureKind.ResourceExists, instanceId,
                $"Instance {instanceId} was changed by someone else meanwhile: it runs with {has}, not {expected}. " +
                "It was left as it is; run the command again once the other change is done.");
        }
    }
}
