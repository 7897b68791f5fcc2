using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Retry;
using InstanceProfileTools.Core.Validation;

namespace InstanceProfileTools.Core.Operations
{
    /// <summary>EC2's associations between instances and instance profiles.</summary>
    public sealed class AssociationOperations
    {
        private static readonly AssociationState[] s_live = { AssociationState.Associating, AssociationState.Associated };

        private readonly OperationContext _context;

        public AssociationOperations(OperationContext context)
        {
            _context = context ?? throw new ArgumentNullException(nameof(context));
        }

        /// <summary>One page of DescribeIamInstanceProfileAssociations.</summary>
        public Task<Page<ProfileAssociation>> DescribePageAsync(AssociationQuery query, string? nextToken, CancellationToken cancellationToken) =>
            _context.Ec2.DescribeIamInstanceProfileAssociationsAsync(query, nextToken, null, cancellationToken);

        /// <summary>The instance's association that is associating or associated, or null when it has none.</summary>
        public async Task<ProfileAssociation?> CurrentAsync(string instanceId, CancellationToken cancellationToken)
        {
            var query = new AssociationQuery(Array.Empty<string>(), new[] { instanceId }, s_live);
            Page<ProfileAssociation> page = await DescribePageAsync(query, null, cancellationToken).ConfigureAwait(false);
            return page.Items.FirstOrDefault(association => association.InstanceId == instanceId);
        }

        /// <summary>The ids of the instances associating or associated with the profile <paramref name="arn"/>.</summary>
        public async Task<IReadOnlyList<string>> InstancesUsingAsync(string arn, CancellationToken cancellationToken)
        {
            // EC2 cannot filter by profile: read every live association, page by page.
            var query = new AssociationQuery(Array.Empty<string>(), Array.Empty<string>(), s_live);
            var users = new SortedSet<string>(StringComparer.Ordinal);
            string? token = null;
            do
            {
                Page<ProfileAssociation> page = await DescribePageAsync(query, token, cancellationToken).ConfigureAwait(false);
                foreach (ProfileAssociation association in page.Items.Where(item => string.Equals(item.InstanceProfileArn, arn, StringComparison.Ordinal)))
                {
                    users.Add(association.InstanceId);
                }

                token = page.NextToken;
            }
            while (!string.IsNullOrEmpty(token));
            return users.ToList();
        }

        /// <summary>
        /// AssociateIamInstanceProfile, retried while EC2 does not know the profile (or its role) yet, up to the
        /// propagation timeout; with <see cref="WaitOptions.Wait"/>, until the association is associated.
        /// </summary>
        public async Task<ProfileAssociation> AssociateAsync(string instanceId, ProfileReference profile, WaitOptions waits, CancellationToken cancellationToken)
        {
            return await ChangeAsync(
                $"AssociateIamInstanceProfile {instanceId} {profile}",
                token => _context.Ec2.AssociateIamInstanceProfileAsync(instanceId, profile, token),
                waits,
                cancellationToken).ConfigureAwait(false);
        }

        /// <summary>DisassociateIamInstanceProfile by association id.</summary>
        public Task<ProfileAssociation> DisassociateAsync(string associationId, CancellationToken cancellationToken) =>
            _context.Ec2.DisassociateIamInstanceProfileAsync(associationId, cancellationToken);

        /// <summary>
        /// ReplaceIamInstanceProfileAssociation (the atomic swap), retried while EC2 does not know the new profile
        /// yet; answers the new association, or with <see cref="WaitOptions.Wait"/> the new association once associated.
        /// </summary>
        public async Task<ProfileAssociation> ReplaceAsync(string associationId, ProfileReference profile, WaitOptions waits, CancellationToken cancellationToken)
        {
            return await ChangeAsync(
                $"ReplaceIamInstanceProfileAssociation {associationId} {profile}",
                token => _context.Ec2.ReplaceIamInstanceProfileAssociationAsync(associationId, profile, token),
                waits,
                cancellationToken).ConfigureAwait(false);
        }

        // A change that answers an association: retried through IAM's propagation, then waited for if asked.
        private async Task<ProfileAssociation> ChangeAsync(
            string description, Func<CancellationToken, Task<ProfileAssociation>> change, WaitOptions waits, CancellationToken cancellationToken)
        {
            RetryResult<ProfileAssociation> result = await _context.NewPropagationRetry()
                .RunAsync(description, change, waits.PropagationTimeout, cancellationToken).ConfigureAwait(false);
            return waits.Wait ? await WaitAssociatedAsync(result.Value.AssociationId, waits.Timeout, cancellationToken).ConfigureAwait(false) : result.Value;
        }

        /// <summary>The instance's current association, or <see cref="ErrorIds.AssociationNotFound"/> when it has none.</summary>
        public async Task<ProfileAssociation> RequireCurrentAsync(string instanceId, CancellationToken cancellationToken)
        {
            ProfileAssociation? current = await CurrentAsync(instanceId, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                // An unknown instance has no associations either: say which of the two it is.
                await _context.Ec2.GetInstanceStateAsync(instanceId, cancellationToken).ConfigureAwait(false);
                throw RecommendedAction.Attach(
                    new InstanceProfileToolsException(ErrorIds.AssociationNotFound, FailureKind.ObjectNotFound, instanceId,
                        $"Instance '{instanceId}' has no instance profile association. Associate one with Register-InstanceProfile."),
                    "Associate a profile with Register-InstanceProfile.");
            }

            return current;
        }

        /// <summary>Polls until the association is associated; <see cref="ErrorIds.WaitTimedOut"/> after the timeout.</summary>
        public async Task<ProfileAssociation> WaitAssociatedAsync(string associationId, TimeSpan timeout, CancellationToken cancellationToken)
        {
            var query = new AssociationQuery(new[] { associationId }, Array.Empty<string>(), Array.Empty<AssociationState>());
            RetryResult<ProfileAssociation?> result = await _context.NewPoller().UntilAsync<ProfileAssociation?>(
                $"association '{associationId}' to be associated",
                associationId,
                async token => (await DescribePageAsync(query, null, token).ConfigureAwait(false)).Items.FirstOrDefault(),
                association => association?.State == AssociationState.Associated,
                timeout,
                cancellationToken,
                describe: association => association is null ? "no such association" : association.State.ToString().ToLowerInvariant()).ConfigureAwait(false);
            return result.Value!;
        }

        /// <summary>What the instance runs with: its association and that association's profile (with role).</summary>
        public async Task<InstanceRoleInfo> GetInstanceRoleAsync(string instanceId, CancellationToken cancellationToken)
        {
            ProfileAssociation? association = await CurrentAsync(instanceId, cancellationToken).ConfigureAwait(false);
            if (association is null)
            {
                await _context.Ec2.GetInstanceStateAsync(instanceId, cancellationToken).ConfigureAwait(false);
                return new InstanceRoleInfo(instanceId, null, null);
            }

            if (!InstanceProfileArn.TryParse(association.InstanceProfileArn, out InstanceProfileArn? arn))
            {
                return new InstanceRoleInfo(instanceId, association, null);
            }

            string name = arn!.Name;
            try
            {
                IamInstanceProfile profile = await new ProfileOperations(_context).GetAsync(name, cancellationToken).ConfigureAwait(false);
                return new InstanceRoleInfo(instanceId, association, profile);
            }
            catch (AwsServiceException error) when (error.ErrorId == ErrorIds.InstanceProfileNotFound)
            {
                _context.Log.Warning($"Instance {instanceId} is associated with instance profile '{name}', which no longer exists.");
                return new InstanceRoleInfo(instanceId, association, null);
            }
        }
    }
}
