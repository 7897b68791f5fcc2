using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Reads;

namespace InstanceProfileTools.Core.RoleChange
{
    /// <summary>
    /// Steps 2 to 6 of a role change for one instance: take what it has now (waiting for an association in
    /// progress to settle), move it by the <see cref="SafeMove"/>, wait until associated and verify on that same
    /// read, and roll back on failure. One object per instance; it holds what the instance had before, which the
    /// rollback puts back.
    /// </summary>
    internal sealed class InstanceRoleChange
    {
        private readonly RoleChangeCalls _calls;
        private readonly AssociationWatch _watch;
        private readonly RoleChangeOptions _options;
        private readonly IOperationLog _log;
        private readonly IClock _clock;
        private readonly string _instanceId;
        private readonly TargetProfile? _target;
        private readonly Func<InstanceSnapshot, InstanceProfileToolsException?>? _precondition;
        private readonly AttemptCounter _attempts = new();
        private readonly SafeMove _move;
        private ProfileAssociation? _before;
        private ProfileAssociation? _current;

        /// <param name="target">The profile to move to; null to leave the instance without one (an undo of an associate).</param>
        /// <param name="precondition">Checked on the settled read before any change: an error there ends the change untouched.</param>
        public InstanceRoleChange(
            RoleChangeCalls calls, AssociationWatch watch, RoleChangeOptions options, IClock clock, IOperationLog log, string instanceId, TargetProfile? target,
            Func<InstanceSnapshot, InstanceProfileToolsException?>? precondition = null)
        {
            _calls = calls;
            _watch = watch;
            _options = options;
            _clock = clock;
            _log = log;
            _instanceId = instanceId;
            _target = target;
            _precondition = precondition;
            _move = new SafeMove(calls, watch, options, log, instanceId, _attempts);
        }

        /// <summary>
        /// Changes the instance's profile, starting from <paramref name="snapshot"/> when the run read it already.
        /// Never throws for a failure of the change: the result carries it. Only cancellation of
        /// <paramref name="cancellationToken"/> escapes, and it aborts wherever the work is.
        /// </summary>
        public async Task<RoleChangeResult> RunAsync(InstanceSnapshot? snapshot, Func<string, CancellationToken, Task<string?>> roleOf, CancellationToken cancellationToken)
        {
            DateTimeOffset start = _clock.UtcNow;
            Func<TimeSpan> elapsed = () => _clock.UtcNow - start;
            string? previousRole = null;
            try
            {
                snapshot = await SettledAsync(snapshot, cancellationToken).ConfigureAwait(false);
                _before = snapshot.Current;
                _current = _before;
                if (_before is not null)
                {
                    previousRole = await roleOf(_before.InstanceProfileArn, cancellationToken).ConfigureAwait(false);
                }

                if (_precondition?.Invoke(snapshot) is { } refused)
                {
                    return Result(previousRole, elapsed()) with { Error = refused };
                }

                if (_target is null)
                {
                    return await ToNoProfileAsync(previousRole, elapsed, cancellationToken).ConfigureAwait(false);
                }

                RoleChangeMethod method = snapshot.MethodFor(_target.Arn);
                if (method == RoleChangeMethod.None)
                {
                    _log.Verbose($"Instance {_instanceId} already runs with {_target.Arn}; nothing to change.");
                    return Result(previousRole, elapsed());
                }

                _current = await _move.ToAsync(_before, method, _target.Arn, cancellationToken).ConfigureAwait(false);
                _current = await AssociatedAsync(_current.AssociationId, _target.Arn, _before?.AssociationId, cancellationToken).ConfigureAwait(false);
                _log.Verbose($"Instance {_instanceId} now runs with {_target.Arn} ({_current.AssociationId}).");
                return Result(previousRole, elapsed());
            }
            catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                InstanceProfileToolsException failure = error as InstanceProfileToolsException
                    ?? new InstanceProfileToolsException(ErrorIds.RoleChangeFailed, FailureKind.NotSpecified, _instanceId, error.Message, error);
                return await FailAsync(failure, previousRole, elapsed, cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task<RoleChangeResult> ToNoProfileAsync(string? previousRole, Func<TimeSpan> elapsed, CancellationToken cancellationToken)
        {
            if (_before is null)
            {
                _log.Verbose($"Instance {_instanceId} has no instance profile already; nothing to change.");
                return Result(previousRole, elapsed());
            }

            await _move.ToNoneAsync(_before, cancellationToken).ConfigureAwait(false);
            _current = null;
            _log.Verbose($"Instance {_instanceId} now runs without an instance profile.");
            return Result(previousRole, elapsed());
        }

        private string TargetText => _target is null ? "no instance profile" : $"instance profile '{_target.Name}'";

        // Step 2: what the instance has, once no association of it is on its way in or out.
        private async Task<InstanceSnapshot> SettledAsync(InstanceSnapshot? snapshot, CancellationToken cancellationToken)
        {
            snapshot ??= new InstanceSnapshot(_instanceId, await _calls.ListAsync(_instanceId, _attempts, cancellationToken).ConfigureAwait(false), null);
            if (!snapshot.IsSettling)
            {
                return snapshot;
            }

            _log.Verbose($"Instance {_instanceId} has an association in progress; waiting for it to settle before changing anything.");
            IReadOnlyList<ProfileAssociation> settled = await _watch.UntilAsync(_instanceId, $"the association of instance {_instanceId} to settle",
                list => !AssociationReader.IsSettling(list), _options.Timeout, _attempts, cancellationToken).ConfigureAwait(false);

            // The state read before the wait may be stale now; the safe move reads it again if EC2 refuses.
            return new InstanceSnapshot(_instanceId, settled, null);
        }

        // Steps 4 and 5: wait until the new association is associated, and verify on the same read that it is the
        // instance's current one, on the expected profile. Another caller's association ends the wait at once:
        // the instance is theirs now, and nothing this change could do would be what either asked for.
        private async Task<ProfileAssociation> AssociatedAsync(string associationId, string expectedArn, string? replacedId, CancellationToken cancellationToken)
        {
            IReadOnlyList<ProfileAssociation> seen = await _watch.UntilAsync(_instanceId, $"association {associationId} of instance {_instanceId} to be associated",
                list => list.Any(a => a.AssociationId == associationId && a.State != AssociationState.Associating) || Foreign(list, associationId, replacedId) is not null,
                _options.Timeout, _attempts, cancellationToken).ConfigureAwait(false);
            ProfileAssociation? current = AssociationReader.Current(seen);
            if (current is { State: AssociationState.Associated } && current.AssociationId == associationId && RoleChangeCalls.SameProfile(current.InstanceProfileArn, expectedArn))
            {
                return current;
            }

            if (Foreign(seen, associationId, replacedId) is { } other)
            {
                throw SafeMove.ChangedElsewhere(_instanceId, other, $"{expectedArn} (association {associationId})");
            }

            string now = current is null ? "no instance profile" : $"{current.InstanceProfileArn} ({current.AssociationId}, {current.State.ToString().ToLowerInvariant()})";
            throw new InstanceProfileToolsException(ErrorIds.RoleChangeFailed, FailureKind.InvalidOperation, _instanceId,
                $"Verification failed: instance {_instanceId} runs with {now}, not {expectedArn} ({associationId}). Something else may be changing it.");
        }

        // The instance's current association when it is neither this change's nor the one it replaced.
        private static ProfileAssociation? Foreign(IReadOnlyList<ProfileAssociation> associations, string ours, string? replaced) =>
            AssociationReader.Current(associations) is { } current && current.AssociationId != ours && current.AssociationId != replaced ? current : null;

        private async Task<RoleChangeResult> FailAsync(InstanceProfileToolsException cause, string? previousRole, Func<TimeSpan> elapsed, CancellationToken cancellationToken)
        {
            // Someone else's change is theirs to keep: a rollback now would put back a state neither asked for.
            if (!_move.Changed || cause.ErrorId == ErrorIds.InstanceChangedElsewhere)
            {
                return Result(previousRole, elapsed()) with { Error = cause };
            }

            string what = $"Changing instance {_instanceId} to {TargetText} failed after the change was made: {cause.Message}";
            if (_before is null)
            {
                return Failed(previousRole, elapsed, $"{what} It had no instance profile before, so there is nothing to put back.", cause);
            }

            if (_options.NoRollback)
            {
                return Failed(previousRole, elapsed, $"{what} It was left as it is (-NoRollback); its previous profile was {_before.InstanceProfileArn}.", cause);
            }

            try
            {
                _current = await RollbackAsync(_before.InstanceProfileArn, cancellationToken).ConfigureAwait(false);
            }
            catch (InstanceProfileToolsException overtaken) when (overtaken.ErrorId == ErrorIds.InstanceChangedElsewhere)
            {
                return Result(previousRole, elapsed()) with
                {
                    Error = new InstanceProfileToolsException(ErrorIds.InstanceChangedElsewhere, FailureKind.ResourceExists, _instanceId, $"{what} {overtaken.Message}", cause),
                };
            }
            catch (Exception rollbackError) when (rollbackError is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return Failed(previousRole, elapsed,
                    $"{what} Putting back its previous profile {_before.InstanceProfileArn} failed too: {rollbackError.Message} " +
                    $"Check the instance with Get-InstanceRole -InstanceId {_instanceId}.",
                    new AggregateException(cause, rollbackError));
            }

            var rolledBack = new InstanceProfileToolsException(ErrorIds.RoleChangeRolledBack, FailureKind.InvalidOperation, _instanceId,
                $"{what} Its previous profile {_before.InstanceProfileArn} was put back.", cause);
            return Result(previousRole, elapsed()) with { RolledBack = true, Error = rolledBack };
        }

        // Step 6: back to the previous profile by the same safe move, from whatever the instance has now (the new
        // association, even while it is still associating).
        private async Task<ProfileAssociation> RollbackAsync(string previousArn, CancellationToken cancellationToken)
        {
            _log.Warning($"Putting instance {_instanceId} back on its previous instance profile {previousArn}.");
            var now = new InstanceSnapshot(_instanceId, await _calls.ListAsync(_instanceId, _attempts, cancellationToken).ConfigureAwait(false), null);
            ProfileAssociation? current = now.Current;
            if (current is not null && RoleChangeCalls.SameProfile(current.InstanceProfileArn, previousArn))
            {
                return await AssociatedAsync(current.AssociationId, previousArn, null, cancellationToken).ConfigureAwait(false);
            }

            if (current is not null && current.AssociationId != _current?.AssociationId && current.AssociationId != _before?.AssociationId)
            {
                throw SafeMove.ChangedElsewhere(_instanceId, current, $"{TargetText}, which this command set, or {previousArn}, which it had");
            }

            if (current is null && now.Associations.Any(a => a.State == AssociationState.Disassociating))
            {
                await _move.WaitNoneAsync(cancellationToken).ConfigureAwait(false);
            }

            var back = new SafeMove(_calls, _watch, _options, _log, _instanceId, _attempts);
            ProfileAssociation restored = await back.ToAsync(current, current is null ? RoleChangeMethod.Associate : RoleChangeMethod.Replace, previousArn, cancellationToken).ConfigureAwait(false);
            return await AssociatedAsync(restored.AssociationId, previousArn, current?.AssociationId, cancellationToken).ConfigureAwait(false);
        }

        private RoleChangeResult Failed(string? previousRole, Func<TimeSpan> elapsed, string message, Exception inner) =>
            Result(previousRole, elapsed()) with
            {
                Error = new InstanceProfileToolsException(ErrorIds.RoleChangeFailed, FailureKind.InvalidOperation, _instanceId, message, inner),
            };

        private RoleChangeResult Result(string? previousRole, TimeSpan duration) => new(_instanceId)
        {
            Changed = _move.Changed,
            Method = _move.Method,
            PreviousAssociationId = _before?.AssociationId,
            PreviousInstanceProfileArn = _before?.InstanceProfileArn,
            PreviousRoleName = previousRole,
            Target = _target,
            AssociationId = _current?.AssociationId,
            State = _current?.State,
            Attempts = _attempts.Count,
            Duration = duration,
        };
    }
}
