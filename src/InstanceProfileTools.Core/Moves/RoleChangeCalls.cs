using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Operations;
using InstanceProfileTools.Core.Ec2;
using InstanceProfileTools.Core.Retry;

namespace InstanceProfileTools.Core.Moves
{
    /// <summary>
    /// The EC2 calls of a role change, one send each: the paced client below retries throttling (and, for reads,
    /// 5xx and dropped connections); what to do after a mutating call fails is the move's to decide, from a read.
    /// Every call adds its attempts to the instance's counter.
    /// </summary>
    internal sealed class RoleChangeCalls
    {
        private readonly OperationContext _context;
        private readonly TimeSpan _timeout;

        public RoleChangeCalls(OperationContext context, TimeSpan timeout)
        {
            _context = context;
            _timeout = timeout;
        }

        /// <summary>Whether two profile ARNs name the same profile (ARNs are case-sensitive).</summary>
        public static bool SameProfile(string? left, string? right) => string.Equals(left, right, StringComparison.Ordinal);

        /// <summary>What the instances have now: every association of each, 200 instances a read.</summary>
        public async Task<IReadOnlyDictionary<string, IReadOnlyList<ProfileAssociation>>> ListAsync(
            IReadOnlyCollection<string> instanceIds, AttemptCounter counter, CancellationToken cancellationToken)
        {
            counter.Add(1);
            return await AssociationReader.ReadAsync(_context.Ec2, instanceIds, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Every association EC2 lists for the instance.</summary>
        public async Task<IReadOnlyList<ProfileAssociation>> ListAsync(string instanceId, AttemptCounter counter, CancellationToken cancellationToken) =>
            (await ListAsync(new[] { instanceId }, counter, cancellationToken).ConfigureAwait(false))[instanceId];

        /// <summary>The states of the instances that exist, 200 a read.</summary>
        public async Task<IReadOnlyDictionary<string, InstanceState>> GetInstanceStatesAsync(
            IReadOnlyCollection<string> instanceIds, AttemptCounter counter, CancellationToken cancellationToken)
        {
            counter.Add(1);
            return await InstanceStateReader.ReadAsync(_context.Ec2, instanceIds, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// What the instances have now: their associations, and the state of those whose move depends on it (an
        /// association that is not <paramref name="targetArn"/>), in reads of 200 instances.
        /// </summary>
        public async Task<IReadOnlyDictionary<string, InstanceSnapshot>> SnapshotAsync(IReadOnlyCollection<string> instanceIds, string? targetArn, CancellationToken cancellationToken)
        {
            var counter = new AttemptCounter();
            IReadOnlyDictionary<string, IReadOnlyList<ProfileAssociation>> associations = await ListAsync(instanceIds, counter, cancellationToken).ConfigureAwait(false);
            string[] needState = associations
                .Where(pair => AssociationReader.Current(pair.Value) is { } current && !SameProfile(current.InstanceProfileArn, targetArn))
                .Select(pair => pair.Key)
                .ToArray();
            IReadOnlyDictionary<string, InstanceState> states = needState.Length == 0
                ? new Dictionary<string, InstanceState>()
                : await GetInstanceStatesAsync(needState, counter, cancellationToken).ConfigureAwait(false);
            return associations.ToDictionary(
                pair => pair.Key,
                pair => new InstanceSnapshot(pair.Key, pair.Value, states.TryGetValue(pair.Key, out InstanceState state) ? state : null),
                StringComparer.Ordinal);
        }

        /// <summary>
        /// The instance's state once it is running or stopped: a pending or stopping instance is waited for, since
        /// EC2 refuses a replace on it and what to do depends on where it ends up.
        /// </summary>
        public async Task<InstanceState> GetSettledInstanceStateAsync(string instanceId, AttemptCounter counter, CancellationToken cancellationToken)
        {
            RetryResult<InstanceState> settled = await _context.NewPoller().UntilAsync(
                $"instance {instanceId} to be running or stopped",
                instanceId,
                async ct =>
                {
                    IReadOnlyDictionary<string, InstanceState> states = await GetInstanceStatesAsync(new[] { instanceId }, counter, ct).ConfigureAwait(false);
                    return states.TryGetValue(instanceId, out InstanceState state) ? state : throw InstanceStateReader.NotFound(instanceId);
                },
                s => s != InstanceState.Pending && s != InstanceState.Stopping,
                _timeout,
                cancellationToken,
                describe: s => s.ToString().ToLowerInvariant()).ConfigureAwait(false);
            return settled.Value;
        }

        public Task<ProfileAssociation> ReplaceAsync(string associationId, string profileArn, AttemptCounter counter, CancellationToken cancellationToken) =>
            SendAsync($"ReplaceIamInstanceProfileAssociation {associationId} with {profileArn}",
                ct => _context.Ec2.ReplaceIamInstanceProfileAssociationAsync(associationId, ProfileReference.ByArn(profileArn), ct), counter, cancellationToken);

        public Task<ProfileAssociation> AssociateAsync(string instanceId, string profileArn, AttemptCounter counter, CancellationToken cancellationToken) =>
            SendAsync($"AssociateIamInstanceProfile {profileArn} with {instanceId}",
                ct => _context.Ec2.AssociateIamInstanceProfileAsync(instanceId, ProfileReference.ByArn(profileArn), ct), counter, cancellationToken);

        public Task<ProfileAssociation> DisassociateAsync(string associationId, AttemptCounter counter, CancellationToken cancellationToken) =>
            SendAsync($"DisassociateIamInstanceProfile {associationId}",
                ct => _context.Ec2.DisassociateIamInstanceProfileAsync(associationId, ct), counter, cancellationToken);

        private Task<ProfileAssociation> SendAsync(string description, Func<CancellationToken, Task<ProfileAssociation>> call, AttemptCounter counter, CancellationToken cancellationToken)
        {
            _context.Log.Verbose(description);
            counter.Add(1);
            return call(cancellationToken);
        }
    }
}
