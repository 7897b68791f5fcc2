using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.Model;

namespace InstanceProfileTools.Core.RoleChange
{
    /// <summary>
    /// Steps 2 to 6 of a role change for one instance: read the current association (waiting for one in progress
    /// to settle), replace it atomically or associate, wait until associated, verify, and roll back on failure.
    /// One object per instance; it holds what the instance had before, which the rollback puts back.
    /// </summary>
    internal sealed class InstanceRoleChange
    {
        private readonly RoleChangeCalls _operations;
        private readonly RoleChangeOptions _options;
        private readonly IOperationLog _log;
        private readonly IClock _clock;
        private readonly string _instanceId;
        private readonly TargetProfile _target;
        private readonly AttemptCounter _attempts = new();
        private ProfileAssociation? _before;
        private ProfileAssociation? _current;
        private RoleChangeMethod _method;
        private bool _changed;

        public InstanceRoleChange(RoleChangeCalls operations, RoleChangeOptions options, IClock clock, IOperationLog log, string instanceId, TargetProfile target)
        {
            _operations = operations;
            _options = options;
            _clock = clock;
            _log = log;
            _instanceId = instanceId;
            _target = target;
        }

        /// <summary>
        /// Changes the instance's profile. Never throws for a failure of the change: the result carries it. Only
        /// cancellation of <paramref name="cancellationToken"/> escapes, and it aborts wherever the work is.
        /// </summary>
        public async Task<RoleChangeResult> RunAsync(Func<string, CancellationToken, Task<string?>> roleOf, CancellationToken cancellationToken)
        {
            DateTimeOffset start = _clock.UtcNow;
            Func<TimeSpan> elapsed = () => _clock.UtcNow - start;
            string? previousRole = null;
            try
            {
                _before = await _operations.SettleAsync(_instanceId, _attempts, cancellationToken).ConfigureAwait(false);
                _current = _before;
                if (_before is not null)
                {
                    previousRole = await roleOf(_before.InstanceProfileArn, cancellationToken).ConfigureAwait(false);
                }

                if (_before is { State: AssociationState.Associated } && RoleChangeCalls.SameProfile(_before.InstanceProfileArn, _target.Arn))
                {
                    _log.Verbose($"Instance {_instanceId} already runs with {_target.Arn}; nothing to change.");
                    return Result(previousRole, elapsed());
                }

                _current = await ChangeAsync(cancellationToken).ConfigureAwait(false);
                _current = await _operations.WaitAssociatedAsync(_instanceId, _current.AssociationId, _attempts, cancellationToken).ConfigureAwait(false);
                _current = await VerifyAsync(_target.Arn, cancellationToken).ConfigureAwait(false);
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

        /// <summary>Whether EC2 refused a replace because the association is not the instance's active one (a stopped instance).</summary>
        internal static bool IsNotActiveAssociation(InstanceProfileToolsException error) =>
            error is AwsServiceException aws
            && aws.ErrorCode == "IncorrectState"
            && (aws.ServiceMessage ?? aws.Message).IndexOf("not the active association", StringComparison.OrdinalIgnoreCase) >= 0;

        private async Task<ProfileAssociation> ChangeAsync(CancellationToken cancellationToken)
        {
            if (_before is null)
            {
                _method = RoleChangeMethod.Associate;
                try
                {
                    return await MutateAsync(ct => _operations.AssociateAsync(_instanceId, _target.Arn, _attempts, ct), cancellationToken).ConfigureAwait(false);
                }
                catch (AwsServiceException refused) when (refused.ErrorCode == "IncorrectInstanceState")
                {
                    // A pending (just launched) or stopping instance takes an association once it is running or stopped.
                    InstanceState state = await _operations.GetSettledInstanceStateAsync(_instanceId, _attempts, cancellationToken).ConfigureAwait(false);
                    if (state != InstanceState.Running && state != InstanceState.Stopped)
                    {
                        throw;
                    }

                    return await MutateAsync(ct => _operations.AssociateAsync(_instanceId, _target.Arn, _attempts, ct), cancellationToken).ConfigureAwait(false);
                }
            }

            try
            {
                _method = RoleChangeMethod.Replace;
                return await MutateAsync(ct => _operations.ReplaceAsync(_before.AssociationId, _target.Arn, _attempts, ct), cancellationToken).ConfigureAwait(false);
            }
            catch (InstanceProfileToolsException refused) when (IsNotActiveAssociation(refused))
            {
                InstanceState state = await _operations.GetSettledInstanceStateAsync(_instanceId, _attempts, cancellationToken).ConfigureAwait(false);
                if (state == InstanceState.Running && !_changed)
                {
                    // It was pending (or stopping and started again): now EC2 takes the replace.
                    return await MutateAsync(ct => _operations.ReplaceAsync(_before.AssociationId, _target.Arn, _attempts, ct), cancellationToken).ConfigureAwait(false);
                }

                if (state != InstanceState.Stopped)
                {
                    throw;
                }

                _method = RoleChangeMethod.DisassociateAssociate;
                _log.Verbose($"Instance {_instanceId} is stopped, where EC2 refuses a replace: disassociating, then associating.");
                await _operations.DisassociateAsync(_before.AssociationId, _attempts, cancellationToken).ConfigureAwait(false);
                _changed = true;
                await _operations.WaitNoneAsync(_instanceId, _attempts, cancellationToken).ConfigureAwait(false);
                return await MutateAsync(ct => _operations.AssociateAsync(_instanceId, _target.Arn, _attempts, ct), cancellationToken).ConfigureAwait(false);
            }
        }

        // A mutating call whose answer was lost (a dropped connection, a 5xx after the work was done, an SDK
        // retry of a call that had succeeded) may have changed the instance after all: look before failing.
        private async Task<ProfileAssociation> MutateAsync(Func<CancellationToken, Task<ProfileAssociation>> call, CancellationToken cancellationToken)
        {
            try
            {
                ProfileAssociation created = await call(cancellationToken).ConfigureAwait(false);
                _changed = true;
                return created;
            }
            catch (InstanceProfileToolsException)
            {
                IReadOnlyList<ProfileAssociation> now = await _operations.ListAsync(_instanceId, _attempts, cancellationToken).ConfigureAwait(false);
                ProfileAssociation? active = RoleChangeCalls.Active(now);
                if (active is null || active.AssociationId == _before?.AssociationId || !RoleChangeCalls.SameProfile(active.InstanceProfileArn, _target.Arn))
                {
                    throw;
                }

                _log.Verbose($"The call failed, but instance {_instanceId} is now on {_target.Arn} ({active.AssociationId}); going on with that association.");
                _changed = true;
                return active;
            }
        }

        private async Task<ProfileAssociation> VerifyAsync(string expectedArn, CancellationToken cancellationToken)
        {
            ProfileAssociation? active = RoleChangeCalls.Active(await _operations.ListAsync(_instanceId, _attempts, cancellationToken).ConfigureAwait(false));
            if (active is { State: AssociationState.Associated } && RoleChangeCalls.SameProfile(active.InstanceProfileArn, expectedArn))
            {
                return active;
            }

            string seen = active is null ? "no instance profile" : $"{active.InstanceProfileArn} ({active.AssociationId}, {active.State.ToString().ToLowerInvariant()})";
            throw new InstanceProfileToolsException(ErrorIds.RoleChangeFailed, FailureKind.InvalidOperation, _instanceId,
                $"Verification failed: instance {_instanceId} runs with {seen}, not {expectedArn}. Something else may be changing it.");
        }

        private async Task<RoleChangeResult> FailAsync(InstanceProfileToolsException cause, string? previousRole, Func<TimeSpan> elapsed, CancellationToken cancellationToken)
        {
            if (!_changed)
            {
                return Result(previousRole, elapsed()) with { Error = cause };
            }

            string what = $"Changing instance {_instanceId} to instance profile '{_target.Name}' failed after the change was made: {cause.Message}";
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
                await new Rollback(_operations, _log, _instanceId, _attempts).RunAsync(_before.InstanceProfileArn, cancellationToken).ConfigureAwait(false);
                _current = await VerifyAsync(_before.InstanceProfileArn, cancellationToken).ConfigureAwait(false);
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

        private RoleChangeResult Failed(string? previousRole, Func<TimeSpan> elapsed, string message, Exception inner) =>
            Result(previousRole, elapsed()) with
            {
                Error = new InstanceProfileToolsException(ErrorIds.RoleChangeFailed, FailureKind.InvalidOperation, _instanceId, message, inner),
            };

        private RoleChangeResult Result(string? previousRole, TimeSpan duration) => new(_instanceId)
        {
            Changed = _changed,
            Method = _method,
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
