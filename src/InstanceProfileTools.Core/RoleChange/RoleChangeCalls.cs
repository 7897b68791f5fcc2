using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Operations;
using InstanceProfileTools.Core.Retry;

namespace InstanceProfileTools.Core.RoleChange
{
    /// <summary>
    /// The EC2 side of a role change, each call wrapped in the shared retry: mutating calls retry IAM's
    /// propagation errors and throttling until the propagation timeout, reads retry throttling, waits poll.
    /// Every call adds its attempts to the instance's counter.
    /// </summary>
    internal sealed class RoleChangeCalls
    {
        private readonly OperationContext _context;
        private readonly RoleChangeOptions _options;

        public RoleChangeCalls(OperationContext context, RoleChangeOptions options)
        {
            _context = context;
            _options = options;
        }

        /// <summary>Whether two profile ARNs name the same profile (ARNs are case-sensitive).</summary>
        public static bool SameProfile(string? left, string? right) => string.Equals(left, right, StringComparison.Ordinal);

        /// <summary>
        /// The instance's current association: the newest one that is associated or associating. During a replace
        /// EC2 lists the retiring one (disassociating) beside the new one, which is the one that counts.
        /// </summary>
        public static ProfileAssociation? Active(IReadOnlyList<ProfileAssociation> associations) =>
            associations
                .Where(a => a.State == AssociationState.Associated || a.State == AssociationState.Associating)
                .OrderByDescending(a => a.Timestamp ?? DateTime.MinValue)
                .FirstOrDefault();

        /// <summary>Whether some association of the instance is still on its way in or out.</summary>
        public static bool IsSettling(IReadOnlyList<ProfileAssociation> associations) =>
            associations.Any(a => a.State == AssociationState.Associating || a.State == AssociationState.Disassociating);

        /// <summary>Every association EC2 lists for the instance, all pages.</summary>
        public async Task<IReadOnlyList<ProfileAssociation>> ListAsync(string instanceId, AttemptCounter counter, CancellationToken cancellationToken)
        {
            var all = new List<ProfileAssociation>();
            string? nextToken = null;
            do
            {
                string? token = nextToken;
                RetryResult<Page<ProfileAssociation>> page = await _context.NewPropagationRetry().RunAsync(
                    $"DescribeIamInstanceProfileAssociations for {instanceId}",
                    ct => _context.Ec2.DescribeIamInstanceProfileAssociationsAsync(AssociationQuery.ForInstance(instanceId), token, null, ct),
                    _options.PropagationTimeout,
                    cancellationToken,
                    TransientErrors.IsTransient).ConfigureAwait(false);
                counter.Add(page.Attempts);
                all.AddRange(page.Value.Items.Where(a => a.InstanceId == instanceId));
                nextToken = page.Value.NextToken;
            }
            while (!string.IsNullOrEmpty(nextToken));

            return all;
        }

        /// <summary>Waits until no association of the instance is associating or disassociating; answers the active one.</summary>
        public async Task<ProfileAssociation?> SettleAsync(string instanceId, AttemptCounter counter, CancellationToken cancellationToken)
        {
            IReadOnlyList<ProfileAssociation> associations = await ListAsync(instanceId, counter, cancellationToken).ConfigureAwait(false);
            if (!IsSettling(associations))
            {
                return Active(associations);
            }

            _context.Log.Verbose($"Instance {instanceId} has an association in progress; waiting for it to settle before changing anything.");
            RetryResult<IReadOnlyList<ProfileAssociation>> settled = await _context.NewPoller().UntilAsync(
                $"the association of instance {instanceId} to settle",
                instanceId,
                ct => ListAsync(instanceId, counter, ct),
                list => !IsSettling(list),
                _options.Timeout,
                cancellationToken,
                describe: Describe).ConfigureAwait(false);
            return Active(settled.Value);
        }

        /// <summary>Waits until the association is associated; answers it.</summary>
        public async Task<ProfileAssociation> WaitAssociatedAsync(string instanceId, string associationId, AttemptCounter counter, CancellationToken cancellationToken)
        {
            RetryResult<IReadOnlyList<ProfileAssociation>> done = await _context.NewPoller().UntilAsync(
                $"association {associationId} of instance {instanceId} to be associated",
                instanceId,
                ct => ListAsync(instanceId, counter, ct),
                list => list.Any(a => a.AssociationId == associationId && a.State == AssociationState.Associated),
                _options.Timeout,
                cancellationToken,
                describe: Describe).ConfigureAwait(false);
            return done.Value.First(a => a.AssociationId == associationId);
        }

        /// <summary>Waits until the instance has no association at all (after a disassociate).</summary>
        public async Task WaitNoneAsync(string instanceId, AttemptCounter counter, CancellationToken cancellationToken)
        {
            await _context.NewPoller().UntilAsync(
                $"instance {instanceId} to have no association",
                instanceId,
                ct => ListAsync(instanceId, counter, ct),
                list => list.All(a => a.State == AssociationState.Disassociated),
                _options.Timeout,
                cancellationToken,
                describe: Describe).ConfigureAwait(false);
        }

        public Task<ProfileAssociation> ReplaceAsync(string associationId, string profileArn, AttemptCounter counter, CancellationToken cancellationToken) =>
            MutateAsync(
                $"ReplaceIamInstanceProfileAssociation {associationId} with {profileArn}",
                ct => _context.Ec2.ReplaceIamInstanceProfileAssociationAsync(associationId, ProfileReference.ByArn(profileArn), ct),
                counter,
                cancellationToken);

        public Task<ProfileAssociation> AssociateAsync(string instanceId, string profileArn, AttemptCounter counter, CancellationToken cancellationToken) =>
            MutateAsync(
                $"AssociateIamInstanceProfile {profileArn} with {instanceId}",
                ct => _context.Ec2.AssociateIamInstanceProfileAsync(instanceId, ProfileReference.ByArn(profileArn), ct),
                counter,
                cancellationToken);

        public Task<ProfileAssociation> DisassociateAsync(string associationId, AttemptCounter counter, CancellationToken cancellationToken) =>
            MutateAsync(
                $"DisassociateIamInstanceProfile {associationId}",
                ct => _context.Ec2.DisassociateIamInstanceProfileAsync(associationId, ct),
                counter,
                cancellationToken);

        public async Task<InstanceState> GetInstanceStateAsync(string instanceId, AttemptCounter counter, CancellationToken cancellationToken)
        {
            RetryResult<InstanceState> state = await _context.NewPropagationRetry().RunAsync(
                $"DescribeInstances {instanceId}",
                ct => _context.Ec2.GetInstanceStateAsync(instanceId, ct),
                _options.PropagationTimeout,
                cancellationToken,
                TransientErrors.IsTransient).ConfigureAwait(false);
            counter.Add(state.Attempts);
            return state.Value;
        }

        /// <summary>
        /// The instance's state once it is running or stopped: a pending or stopping instance is waited for, since
        /// EC2 refuses a replace on it and what to do depends on where it ends up.
        /// </summary>
        public async Task<InstanceState> GetSettledInstanceStateAsync(string instanceId, AttemptCounter counter, CancellationToken cancellationToken)
        {
            InstanceState state = await GetInstanceStateAsync(instanceId, counter, cancellationToken).ConfigureAwait(false);
            if (state != InstanceState.Pending && state != InstanceState.Stopping)
            {
                return state;
            }

            RetryResult<InstanceState> settled = await _context.NewPoller().UntilAsync(
                $"instance {instanceId} to be running or stopped",
                instanceId,
                ct => GetInstanceStateAsync(instanceId, counter, ct),
                s => s != InstanceState.Pending && s != InstanceState.Stopping,
                _options.Timeout,
                cancellationToken,
                describe: s => s.ToString().ToLowerInvariant()).ConfigureAwait(false);
            return settled.Value;
        }

        private static string Describe(IReadOnlyList<ProfileAssociation> associations) =>
            associations.Count == 0
                ? "no association"
                : string.Join(", ", associations.Select(a => $"{a.AssociationId} {a.State.ToString().ToLowerInvariant()} {a.InstanceProfileArn}"));

        private async Task<ProfileAssociation> MutateAsync(
            string description,
            Func<CancellationToken, Task<ProfileAssociation>> call,
            AttemptCounter counter,
            CancellationToken cancellationToken)
        {
            _context.Log.Verbose(description);
            int attempts = 0;
            try
            {
                RetryResult<ProfileAssociation> result = await _context.NewPropagationRetry().RunAsync(
                    description,
                    ct =>
                    {
                        attempts++;
                        return call(ct);
                    },
                    _options.PropagationTimeout,
                    cancellationToken).ConfigureAwait(false);
                return result.Value;
            }
            finally
            {
                counter.Add(attempts);
            }
        }
    }
}
