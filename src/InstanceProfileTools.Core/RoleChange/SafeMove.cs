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
    /// The one way an instance is moved to a profile, for the change and its rollback alike: replace the current
    /// association atomically; if EC2 says it is not the active one, look at the instance: running again, replace
    /// again; stopped, disassociate then associate. With no association, associate (once the instance is running
    /// or stopped). A call whose answer was lost is judged by the instance's real state, never sent blindly again.
    /// Answers the new association, which may still be associating.
    /// </summary>
    internal sealed class SafeMove
    {
        private readonly RoleChangeCalls _calls;
        private readonly AssociationWatch _watch;
        private readonly RoleChangeOptions _options;
        private readonly IOperationLog _log;
        private readonly string _instanceId;
        private readonly AttemptCounter _attempts;

        public SafeMove(RoleChangeCalls calls, AssociationWatch watch, RoleChangeOptions options, IOperationLog log, string instanceId, AttemptCounter attempts)
        {
            _calls = calls;
            _watch = watch;
            _options = options;
            _log = log;
            _instanceId = instanceId;
            _attempts = attempts;
        }

        /// <summary>True once a mutating call may have changed the instance.</summary>
        public bool Changed { get; private set; }

        /// <summary>How the instance was moved.</summary>
        public RoleChangeMethod Method { get; private set; }

        /// <summary>
        /// The error for an instance whose association someone else changed meanwhile: it names what the instance
        /// has now, and says that the module left it so rather than undo a change it did not make.
        /// </summary>
        public static InstanceProfileToolsException ChangedElsewhere(string instanceId, ProfileAssociation? now, string expected)
        {
            string has = now is null
                ? "no instance profile"
                : $"instance profile {now.InstanceProfileArn} (association {now.AssociationId}, {now.State.ToString().ToLowerInvariant()})";
            return new InstanceProfileToolsException(ErrorIds.InstanceChangedElsewhere, FailureKind.ResourceExists, instanceId,
                $"Instance {instanceId} was changed by someone else meanwhile: it runs with {has}, not {expected}. " +
                "It was left as it is; run the command again once the other change is done.");
        }

        /// <summary>Moves the instance from <paramref name="current"/> (null: none) to <paramref name="arn"/>, by <paramref name="method"/>.</summary>
        public async Task<ProfileAssociation> ToAsync(ProfileAssociation? current, RoleChangeMethod method, string arn, CancellationToken cancellationToken)
        {
            Method = method;
            switch (method)
            {
                case RoleChangeMethod.Associate:
                    return await AssociateAsync(null, arn, cancellationToken).ConfigureAwait(false);
                case RoleChangeMethod.DisassociateAssociate:
                    return await DisassociateThenAssociateAsync(current!, arn, cancellationToken).ConfigureAwait(false);
                default:
                    return await ReplaceAsync(current!, arn, cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task<ProfileAssociation> ReplaceAsync(ProfileAssociation current, string arn, CancellationToken cancellationToken)
        {
            try
            {
                return await MutateAsync(current, arn, ct => _calls.ReplaceAsync(current.AssociationId, arn, _attempts, ct), cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException refused) when (refused.IsNotActiveAssociation)
            {
                InstanceState state = await _calls.GetSettledInstanceStateAsync(_instanceId, _attempts, cancellationToken).ConfigureAwait(false);
                if (state == InstanceState.Running)
                {
                    // It was pending (or stopping and started again): now EC2 takes the replace.
                    return await MutateAsync(current, arn, ct => _calls.ReplaceAsync(current.AssociationId, arn, _attempts, ct), cancellationToken).ConfigureAwait(false);
                }

                if (state != InstanceState.Stopped)
                {
                    throw;
                }

                return await DisassociateThenAssociateAsync(current, arn, cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task<ProfileAssociation> DisassociateThenAssociateAsync(ProfileAssociation current, string arn, CancellationToken cancellationToken)
        {
            Method = RoleChangeMethod.DisassociateAssociate;
            _log.Verbose($"Instance {_instanceId} is stopped, where EC2 refuses a replace: disassociating, then associating.");
            await _calls.DisassociateAsync(current.AssociationId, _attempts, cancellationToken).ConfigureAwait(false);
            Changed = true;
            await WaitNoneAsync(cancellationToken).ConfigureAwait(false);
            return await AssociateAsync(current, arn, cancellationToken).ConfigureAwait(false);
        }

        private async Task<ProfileAssociation> AssociateAsync(ProfileAssociation? before, string arn, CancellationToken cancellationToken)
        {
            try
            {
                return await MutateAsync(before, arn, ct => _calls.AssociateAsync(_instanceId, arn, _attempts, ct), cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException refused) when (refused.ErrorCode == "IncorrectInstanceState")
            {
                // A pending (just launched) or stopping instance takes an association once it is running or stopped.
                InstanceState state = await _calls.GetSettledInstanceStateAsync(_instanceId, _attempts, cancellationToken).ConfigureAwait(false);
                if (state != InstanceState.Running && state != InstanceState.Stopped)
                {
                    throw;
                }

                return await MutateAsync(before, arn, ct => _calls.AssociateAsync(_instanceId, arn, _attempts, ct), cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>Leaves the instance without a profile: disassociates <paramref name="current"/> and waits until it is gone.</summary>
        public async Task ToNoneAsync(ProfileAssociation current, CancellationToken cancellationToken)
        {
            Method = RoleChangeMethod.Disassociate;
            await _calls.DisassociateAsync(current.AssociationId, _attempts, cancellationToken).ConfigureAwait(false);
            Changed = true;
            await WaitNoneAsync(cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Waits until the instance has no association on its way in or out (after a disassociate).</summary>
        public Task<IReadOnlyList<ProfileAssociation>> WaitNoneAsync(CancellationToken cancellationToken) =>
            _watch.UntilAsync(_instanceId, $"instance {_instanceId} to have no association",
                list => list.All(a => a.State == AssociationState.Disassociated), _options.Timeout, _attempts, cancellationToken);

        // A mutating call whose answer was lost (a dropped connection, a 5xx after the work was done) may have
        // changed the instance after all: look before failing.
        private async Task<ProfileAssociation> MutateAsync(
            ProfileAssociation? before, string arn, Func<CancellationToken, Task<ProfileAssociation>> call, CancellationToken cancellationToken)
        {
            try
            {
                ProfileAssociation created = await call(cancellationToken).ConfigureAwait(false);
                Changed = true;
                return created;
            }
            catch (InstanceProfileToolsException)
            {
                ProfileAssociation? now = AssociationReader.Current(await _calls.ListAsync(_instanceId, _attempts, cancellationToken).ConfigureAwait(false));
                if (now is null || now.AssociationId == before?.AssociationId)
                {
                    throw;
                }

                if (!RoleChangeCalls.SameProfile(now.InstanceProfileArn, arn))
                {
                    // Neither what it had nor what this call asked for: another caller's association.
                    throw ChangedElsewhere(_instanceId, now, before is null ? "no instance profile, which it had when it was read" : $"association {before.AssociationId}, which it had when it was read");
                }

                _log.Verbose($"The call failed, but instance {_instanceId} is now on {arn} ({now.AssociationId}); going on with that association.");
                Changed = true;
                return now;
            }
        }
    }
}
