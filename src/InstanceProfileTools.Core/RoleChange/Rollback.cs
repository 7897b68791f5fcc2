using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.Model;

namespace InstanceProfileTools.Core.RoleChange
{
    /// <summary>
    /// Puts an instance back on the profile it had before a failed change, by the same safe means as the change:
    /// a replace of whatever association it has now (the new one, even while it is still associating), or, on a
    /// stopped instance, disassociate then associate.
    /// </summary>
    internal sealed class Rollback
    {
        private readonly RoleChangeCalls _operations;
        private readonly IOperationLog _log;
        private readonly string _instanceId;
        private readonly AttemptCounter _attempts;

        public Rollback(RoleChangeCalls operations, IOperationLog log, string instanceId, AttemptCounter attempts)
        {
            _operations = operations;
            _log = log;
            _instanceId = instanceId;
            _attempts = attempts;
        }

        /// <summary>Returns once the instance is associated with <paramref name="previousArn"/> again.</summary>
        public async Task<ProfileAssociation> RunAsync(string previousArn, CancellationToken cancellationToken)
        {
            _log.Warning($"Putting instance {_instanceId} back on its previous instance profile {previousArn}.");
            IReadOnlyList<ProfileAssociation> associations = await _operations.ListAsync(_instanceId, _attempts, cancellationToken).ConfigureAwait(false);
            ProfileAssociation? active = RoleChangeCalls.Active(associations);
            ProfileAssociation restored;
            if (active is not null && RoleChangeCalls.SameProfile(active.InstanceProfileArn, previousArn))
            {
                restored = active;
            }
            else if (active is null)
            {
                if (associations.Any(a => a.State == AssociationState.Disassociating))
                {
                    await _operations.WaitNoneAsync(_instanceId, _attempts, cancellationToken).ConfigureAwait(false);
                }

                restored = await _operations.AssociateAsync(_instanceId, previousArn, _attempts, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                restored = await ReplaceAsync(active, previousArn, cancellationToken).ConfigureAwait(false);
            }

            return await _operations.WaitAssociatedAsync(_instanceId, restored.AssociationId, _attempts, cancellationToken).ConfigureAwait(false);
        }

        private async Task<ProfileAssociation> ReplaceAsync(ProfileAssociation active, string previousArn, CancellationToken cancellationToken)
        {
            try
            {
                return await _operations.ReplaceAsync(active.AssociationId, previousArn, _attempts, cancellationToken).ConfigureAwait(false);
            }
            catch (InstanceProfileToolsException refused)
            {
                // The answer may have been lost after the replace was made: look before anything else.
                ProfileAssociation? now = RoleChangeCalls.Active(await _operations.ListAsync(_instanceId, _attempts, cancellationToken).ConfigureAwait(false));
                if (now is not null && now.AssociationId != active.AssociationId && RoleChangeCalls.SameProfile(now.InstanceProfileArn, previousArn))
                {
                    return now;
                }

                if (!InstanceRoleChange.IsNotActiveAssociation(refused))
                {
                    throw;
                }

                InstanceState state = await _operations.GetSettledInstanceStateAsync(_instanceId, _attempts, cancellationToken).ConfigureAwait(false);
                if (state == InstanceState.Running)
                {
                    return await _operations.ReplaceAsync(active.AssociationId, previousArn, _attempts, cancellationToken).ConfigureAwait(false);
                }

                if (state != InstanceState.Stopped)
                {
                    throw;
                }

                await _operations.DisassociateAsync(active.AssociationId, _attempts, cancellationToken).ConfigureAwait(false);
                await _operations.WaitNoneAsync(_instanceId, _attempts, cancellationToken).ConfigureAwait(false);
                return await _operations.AssociateAsync(_instanceId, previousArn, _attempts, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
