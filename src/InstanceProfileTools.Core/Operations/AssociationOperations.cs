using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.Ec2;
using InstanceProfileTools.Core.ErrorMapping;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Ports;
using InstanceProfileTools.Core.Retry;
using InstanceProfileTools.Core.Validation;

namespace InstanceProfileTools.Core.Operations
{
    /// <summary>EC2's associations between instances and instance profiles.</summary>
    public sealed class AssociationOperations
    {
        private readonly OperationContext _context;

        public AssociationOperations(OperationContext context)
        {
            _context = context ?? throw new ArgumentNullException(nameof(context));
        }

        /// <summary>One page of DescribeIamInstanceProfileAssociations.</summary>
        public Task<Page<ProfileAssociation>> DescribePageAsync(AssociationQuery query, string? nextToken, CancellationToken cancellationToken) =>
            _context.Ec2.DescribeIamInstanceProfileAssociationsAsync(query, nextToken, null, cancellationToken);

        /// <summary>The instance's current association (see <see cref="AssociationReader.Current"/>), or null when it has none.</summary>
        public async Task<ProfileAssociation?> CurrentAsync(string instanceId, CancellationToken cancellationToken)
        {
            IReadOnlyDictionary<string, IReadOnlyList<ProfileAssociation>> read =
                await AssociationReader.ReadAsync(_context.Ec2, new[] { instanceId }, cancellationToken).ConfigureAwait(false);
            return AssociationReader.Current(read[instanceId]);
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

        /// <summary>DisassociateIamInstanceProfile by association id; with <see cref="WaitOptions.Wait"/>, until EC2 lists it disassociated or no more.</summary>
        public async Task<ProfileAssociation> DisassociateAsync(string associationId, WaitOptions waits, CancellationToken cancellationToken)
        {
            ProfileAssociation ended = await _context.Ec2.DisassociateIamInstanceProfileAsync(associationId, cancellationToken).ConfigureAwait(false);
            if (!waits.Wait)
            {
                return ended;
            }

            RetryResult<ProfileAssociation?> result = await _context.NewPoller().UntilAsync<ProfileAssociation?>(
                $"association '{associationId}' to be disassociated",
                associationId,
                token => FindUnlessGoneAsync(associationId, token),
                association => association is null || association.State == AssociationState.Disassociated,
                waits.Timeout,
                cancellationToken,
                describe: association => association is null ? "no such association" : association.State.ToString().ToLowerInvariant()).ConfigureAwait(false);
            return result.Value ?? ended with { State = AssociationState.Disassociated };
        }

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
                await InstanceStateReader.RequireAsync(_context.Ec2, instanceId, cancellationToken).ConfigureAwait(false);
                throw RecommendedAction.Attach(
                    new InstanceProfileToolsException(ErrorIds.AssociationNotFound, FailureKind.ObjectNotFound, instanceId,
                        $"Instance '{instanceId}' has no instance profile association. Associate one with Register-InstanceProfile."),
                    "Associate a profile with Register-InstanceProfile.");
            }

            return current;
        }

        /// <summary>
        /// <paramref name="associationId"/> when given (a piped association names its own), else the id of the current
        /// association of <paramref name="instanceId"/>, or <see cref="ErrorIds.AssociationNotFound"/>.
        /// </summary>
        public async Task<string> AssociationIdAsync(string? associationId, string? instanceId, CancellationToken cancellationToken) =>
            associationId ?? (await RequireCurrentAsync(instanceId ?? throw new ArgumentNullException(nameof(instanceId)), cancellationToken).ConfigureAwait(false)).AssociationId;

        /// <summary>The association with this id, or null when EC2 lists none.</summary>
        public async Task<ProfileAssociation?> FindAsync(string associationId, CancellationToken cancellationToken)
        {
            var query = new AssociationQuery(new[] { associationId }, Array.Empty<string>(), Array.Empty<AssociationState>());
            return (await DescribePageAsync(query, null, cancellationToken).ConfigureAwait(false)).Items.FirstOrDefault();
        }

        // EC2 answers InvalidAssociationID.NotFound for an id it no longer lists: for a disassociation, the end sought.
        private async Task<ProfileAssociation?> FindUnlessGoneAsync(string associationId, CancellationToken cancellationToken)
        {
            try
            {
                return await FindAsync(associationId, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException gone) when (gone.Kind == FailureKind.ObjectNotFound)
            {
                return null;
            }
        }

        /// <summary>Polls until the association is associated; <see cref="ErrorIds.WaitTimedOut"/> after the timeout.</summary>
        public async Task<ProfileAssociation> WaitAssociatedAsync(string associationId, TimeSpan timeout, CancellationToken cancellationToken)
        {
            RetryResult<ProfileAssociation?> result = await _context.NewPoller().UntilAsync<ProfileAssociation?>(
                $"association '{associationId}' to be associated",
                associationId,
                token => FindAsync(associationId, token),
                association => association?.State == AssociationState.Associated,
                timeout,
                cancellationToken,
                describe: association => association is null ? "no such association" : association.State.ToString().ToLowerInvariant()).ConfigureAwait(false);
            return result.Value!;
        }

        /// <summary>What the instance runs with: its association and that association's profile (with role).</summary>
        public async Task<InstanceRoleInfo> GetInstanceRoleAsync(string instanceId, CancellationToken cancellationToken)
        {
            IReadOnlyList<ItemResult<InstanceRoleInfo>> roles = await GetInstanceRolesAsync(new[] { instanceId }, cancellationToken).ConfigureAwait(false);
            return roles[0].Value;
        }

        /// <summary>
        /// <see cref="GetInstanceRoleAsync"/> for many instances, in their order: their associations read 200 a call,
        /// the states of those without one read likewise (an unknown instance fails alone), each profile read once.
        /// </summary>
        public async Task<IReadOnlyList<ItemResult<InstanceRoleInfo>>> GetInstanceRolesAsync(IReadOnlyList<string> instanceIds, CancellationToken cancellationToken)
        {
            IReadOnlyDictionary<string, IReadOnlyList<ProfileAssociation>> read =
                await AssociationReader.ReadAsync(_context.Ec2, instanceIds, cancellationToken).ConfigureAwait(false);
            var current = read.ToDictionary(pair => pair.Key, pair => AssociationReader.Current(pair.Value), StringComparer.Ordinal);
            string[] bare = current.Where(pair => pair.Value is null).Select(pair => pair.Key).ToArray();
            IReadOnlyDictionary<string, InstanceState> existing = bare.Length == 0
                ? new Dictionary<string, InstanceState>()
                : await InstanceStateReader.ReadAsync(_context.Ec2, bare, cancellationToken).ConfigureAwait(false);
            var profiles = new Dictionary<string, IamInstanceProfile?>(StringComparer.Ordinal);
            var results = new List<ItemResult<InstanceRoleInfo>>(instanceIds.Count);
            foreach (string instanceId in instanceIds)
            {
                ProfileAssociation? association = current[instanceId];
                if (association is null)
                {
                    results.Add(existing.ContainsKey(instanceId)
                        ? ItemResult<InstanceRoleInfo>.Of(new InstanceRoleInfo(instanceId, null, null))
                        : ItemResult<InstanceRoleInfo>.Failed(InstanceStateReader.NotFound(instanceId)));
                    continue;
                }

                if (!profiles.TryGetValue(association.InstanceProfileArn, out IamInstanceProfile? profile))
                {
                    profile = await ProfileOfAsync(instanceId, association.InstanceProfileArn, cancellationToken).ConfigureAwait(false);
                    profiles[association.InstanceProfileArn] = profile;
                }

                results.Add(ItemResult<InstanceRoleInfo>.Of(new InstanceRoleInfo(instanceId, association, profile)));
            }

            return results;
        }

        private async Task<IamInstanceProfile?> ProfileOfAsync(string instanceId, string profileArn, CancellationToken cancellationToken)
        {
            if (!InstanceProfileArn.TryParse(profileArn, out InstanceProfileArn? arn))
            {
                return null;
            }

            string name = arn!.Name;
            try
            {
                return await new ProfileOperations(_context).GetAsync(name, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException error) when (error.ErrorId == ErrorIds.InstanceProfileNotFound)
            {
                _context.Log.Warning($"Instance {instanceId} is associated with instance profile '{name}', which no longer exists.");
                return null;
            }
        }
    }
}
