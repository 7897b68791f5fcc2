using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Ec2;

namespace InstanceProfileTools.Core.Moves
{
    /// <summary>
    /// Steps 2 to 6 of a role change for one instance: take what it has once settled, move it (<see cref="InstanceMove"/>),
    /// and on failure read where it really is before deciding to roll back or report. The result, and the journal's
    /// outcome line, say where the instance is as last read, never where a lost reply would have left it.
    /// </summary>
    internal sealed class InstanceRoleChange
    {
        private readonly MoveServices _services;
        private readonly RoleNames _roles;
        private readonly string _instanceId;
        private readonly TargetProfile? _target;
        private readonly FirstSuccessGate? _gate;
        private readonly Func<InstanceSnapshot, InstanceProfileToolsException?>? _precondition;
        private readonly AttemptCounter _attempts = new();
        private readonly InstanceMove _move;
        private ProfileAssociation? _before;

        /// <param name="target">The profile to move to; null to leave the instance without one (an undo of an associate).</param>
        /// <param name="precondition">Checked on the settled read before any change: an error there ends the change untouched.</param>
        public InstanceRoleChange(
            MoveServices services, RoleNames roles, string instanceId, TargetProfile? target, FirstSuccessGate? gate,
            Func<InstanceSnapshot, InstanceProfileToolsException?>? precondition = null)
        {
            _services = services;
            _roles = roles;
            _instanceId = instanceId;
            _target = target;
            _gate = gate;
            _precondition = precondition;
            _move = new InstanceMove(services, instanceId, _attempts);
        }

        /// <summary>
        /// Changes the instance's profile, starting from <paramref name="snapshot"/> when the run read it already.
        /// Never throws for a failure of the change: the result carries it. Only cancellation of
        /// <paramref name="abort"/> escapes, and it aborts wherever the work is.
        /// </summary>
        public async Task<RoleChangeResult> RunAsync(InstanceSnapshot? snapshot, CancellationToken abort)
        {
            DateTimeOffset start = _services.Clock.UtcNow;
            string? previousRole = null;
            RoleChangeResult result;
            try
            {
                snapshot = await SettledAsync(snapshot, abort).ConfigureAwait(false);
                _move.StartFrom(snapshot);
                _before = snapshot.Current;
                previousRole = await _roles.OfAsync(_before?.InstanceProfileArn, abort).ConfigureAwait(false);
                if (_precondition?.Invoke(snapshot) is { } refused)
                {
                    result = await ResultAsync(previousRole, start, refused, abort).ConfigureAwait(false);
                }
                else if (_services.Stop.IsCancellationRequested)
                {
                    result = await ResultAsync(previousRole, start, Stopped("before any change"), abort).ConfigureAwait(false);
                }
                else
                {
                    await _move.ToAsync(snapshot, _target?.Arn, _roles, _gate, stoppable: true, abort).ConfigureAwait(false);
                    result = await ResultAsync(previousRole, start, Unverified(), abort).ConfigureAwait(false);
                }
            }
            catch (Exception error) when (error is not OperationCanceledException || !abort.IsCancellationRequested)
            {
                InstanceProfileToolsException failure = error as InstanceProfileToolsException
                    ?? new InstanceProfileToolsException(ErrorIds.RoleChangeFailed, FailureKind.NotSpecified, _instanceId, error.Message, error);
                result = await FailAsync(failure, previousRole, start, abort).ConfigureAwait(false);
            }

            _services.Journal.Outcome(result);
            return result;
        }

        private string TargetText => _target is null ? "no instance profile" : $"instance profile '{_target.Name}'";

        // Step 2: what the instance has, once no association of it is on its way in or out.
        private async Task<InstanceSnapshot> SettledAsync(InstanceSnapshot? snapshot, CancellationToken abort)
        {
            snapshot ??= new InstanceSnapshot(_instanceId, await _services.Calls.ListAsync(_instanceId, _attempts, abort).ConfigureAwait(false), null);
            if (!snapshot.IsSettling)
            {
                return snapshot;
            }

            _services.Log.Verbose($"Instance {_instanceId} has an association in progress; waiting for it to settle before changing anything.");
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(abort, _services.Stop);
            try
            {
                IReadOnlyList<ProfileAssociation> settled = await _services.Watch.UntilAsync(_instanceId, $"the association of instance {_instanceId} to settle",
                    list => !AssociationReader.IsSettling(list), _services.Options.Timeout, _attempts, linked.Token).ConfigureAwait(false);
                return new InstanceSnapshot(_instanceId, settled, null);
            }
            catch (OperationCanceledException) when (!abort.IsCancellationRequested)
            {
                // Ctrl+C before any change: the instance is reported as it was read.
                return snapshot;
            }
        }

        // After Ctrl+C the move answers where the instance is; a change not yet verified says so.
        private InstanceProfileToolsException? Unverified()
        {
            ProfileAssociation? now = _move.Current;
            bool arrived = _target is null
                ? now is null
                : now is { State: AssociationState.Associated } && RoleChangeCalls.SameProfile(now.InstanceProfileArn, _target.Arn);
            if (arrived)
            {
                return null;
            }

            return Stopped(_move.Changed
                ? $"after its change was made: it runs with {Describe(now)}, not yet verified"
                : $"before any change: it still runs with {Describe(now)}");
        }

        private InstanceProfileToolsException Stopped(string when) =>
            new(ErrorIds.RoleChangeStopped, FailureKind.OperationStopped, _instanceId,
                $"The change of instance {_instanceId} to {TargetText} was stopped (Ctrl+C) {when}. Run the command again to finish it.");

        private async Task<RoleChangeResult> FailAsync(InstanceProfileToolsException cause, string? previousRole, DateTimeOffset start, CancellationToken abort)
        {
            // What happened is read, not assumed: the failure may have come after the change went through.
            InstanceSnapshot now = await ReadNowAsync(abort).ConfigureAwait(false);
            bool moved = now.Current?.AssociationId != _before?.AssociationId;
            if (!moved || cause.ErrorId == ErrorIds.InstanceChangedElsewhere)
            {
                // Nothing to undo; and someone else's change is theirs to keep.
                return await ResultAsync(previousRole, start, cause, abort).ConfigureAwait(false);
            }

            string what = $"Changing instance {_instanceId} to {TargetText} failed after the change was made: {cause.Message}";
            if (_before is null)
            {
                return await ResultAsync(previousRole, start, Failed($"{what} It had no instance profile before, so there is nothing to put back.", cause), abort).ConfigureAwait(false);
            }

            if (_services.Options.NoRollback)
            {
                return await ResultAsync(previousRole, start, Failed($"{what} It was left as it is (-NoRollback); its previous profile was {_before.InstanceProfileArn}.", cause), abort).ConfigureAwait(false);
            }

            _services.Log.Warning($"Putting instance {_instanceId} back on its previous instance profile {_before.InstanceProfileArn}.");
            try
            {
                // Step 6: back by the same move, from what the instance has now; it goes out even after Ctrl+C.
                await _move.ToAsync(now, _before.InstanceProfileArn, _roles, gate: null, stoppable: false, abort).ConfigureAwait(false);
            }
            catch (InstanceProfileToolsException overtaken) when (overtaken.ErrorId == ErrorIds.InstanceChangedElsewhere)
            {
                return await ResultAsync(previousRole, start,
                    new InstanceProfileToolsException(ErrorIds.InstanceChangedElsewhere, FailureKind.ResourceExists, _instanceId, $"{what} {overtaken.Message}", cause), abort).ConfigureAwait(false);
            }
            catch (Exception rollbackError) when (rollbackError is not OperationCanceledException || !abort.IsCancellationRequested)
            {
                await ReadNowAsync(abort).ConfigureAwait(false);
                return await ResultAsync(previousRole, start, Failed(
                    $"{what} Putting back its previous profile {_before.InstanceProfileArn} failed too: {rollbackError.Message} " +
                    $"It runs with {Describe(_move.Current)}; check it with Get-InstanceRole -InstanceId {_instanceId}.",
                    new AggregateException(cause, rollbackError)), abort).ConfigureAwait(false);
            }

            var rolledBack = new InstanceProfileToolsException(ErrorIds.RoleChangeRolledBack, FailureKind.InvalidOperation, _instanceId,
                $"{what} Its previous profile {_before.InstanceProfileArn} was put back.", cause);
            return await ResultAsync(previousRole, start, rolledBack, abort).ConfigureAwait(false) with { RolledBack = true };
        }

        // A read for the report; when even that fails, the last thing seen stands.
        private async Task<InstanceSnapshot> ReadNowAsync(CancellationToken abort)
        {
            try
            {
                var now = new InstanceSnapshot(_instanceId, await _services.Calls.ListAsync(_instanceId, _attempts, abort).ConfigureAwait(false), null);
                _move.Saw(now);
                return now;
            }
            catch (InstanceProfileToolsException unread)
            {
                _services.Log.Warning($"Instance {_instanceId} could not be read after its change failed ({unread.Message}); reporting what was last seen.");
                return new InstanceSnapshot(_instanceId, _move.Current is null ? Array.Empty<ProfileAssociation>() : new[] { _move.Current }, null);
            }
        }

        private static string Describe(ProfileAssociation? association) =>
            association is null ? "no instance profile" : $"{association.InstanceProfileArn} ({association.AssociationId}, {association.State.ToString().ToLowerInvariant()})";

        private InstanceProfileToolsException Failed(string message, Exception inner) =>
            new(ErrorIds.RoleChangeFailed, FailureKind.InvalidOperation, _instanceId, message, inner);

        private async Task<RoleChangeResult> ResultAsync(string? previousRole, DateTimeOffset start, InstanceProfileToolsException? error, CancellationToken abort)
        {
            ProfileAssociation? now = _move.Current;
            return new RoleChangeResult(_instanceId)
            {
                Changed = _move.Changed,
                Method = _move.Method,
                PreviousAssociationId = _before?.AssociationId,
                PreviousInstanceProfileArn = _before?.InstanceProfileArn,
                PreviousRoleName = previousRole,
                Target = _target,
                AssociationId = now?.AssociationId,
                State = now?.State,
                InstanceProfileArn = now?.InstanceProfileArn,
                RoleName = await _roles.OfAsync(now?.InstanceProfileArn, abort).ConfigureAwait(false),
                Attempts = _attempts.Count,
                Duration = _services.Clock.UtcNow - start,
                Error = error,
            };
        }
    }
}
