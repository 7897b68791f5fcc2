using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Operations;
using InstanceProfileTools.Core.Reads;
using InstanceProfileTools.Core.Retry;

namespace InstanceProfileTools.Core.RoleChange
{
    /// <summary>
    /// The EC2 calls of a role change, each wrapped in the shared retry: mutating calls retry IAM's propagation
    /// errors and throttling until the propagation timeout, reads retry throttling. Calls that move an instance
    /// to the run's target go through <see cref="FirstSuccessGate"/>. Every call adds its attempts to the
    /// instance's counter.
    /// </summary>
    internal sealed class RoleChangeCalls
    {
        private readonly OperationContext _context;
        private readonly RoleChangeOptions _options;
        private readonly FirstSuccessGate _targetGate = new();
        private string? _targetArn;

        public RoleChangeCalls(OperationContext context, RoleChangeOptions options)
        {
            _context = context;
            _options = options;
        }

        /// <summary>Whether two profile ARNs name the same profile (ARNs are case-sensitive).</summary>
        public static bool SameProfile(string? left, string? right) => string.Equals(left, right, StringComparison.Ordinal);

        /// <summary>The run's target, once resolved: changes to it wait until EC2 has taken one (see <see cref="FirstSuccessGate"/>).</summary>
        public void SetTarget(string arn) => Volatile.Write(ref _targetArn, arn);

        /// <summary>What the run's instances have now: every association of each, 200 instances a read.</summary>
        public async Task<IReadOnlyDictionary<string, IReadOnlyList<ProfileAssociation>>> ListAsync(
            IReadOnlyCollection<string> instanceIds, AttemptCounter counter, CancellationToken cancellationToken)
        {
            RetryResult<IReadOnlyDictionary<string, IReadOnlyList<ProfileAssociation>>> read = await _context.NewPropagationRetry().RunAsync(
                $"DescribeIamInstanceProfileAssociations for {instanceIds.Count} instance(s)",
                ct => AssociationReader.ReadAsync(_context.Ec2, instanceIds, ct),
                _options.PropagationTimeout,
                cancellationToken,
                TransientErrors.IsTransient).ConfigureAwait(false);
            counter.Add(read.Attempts);
            return read.Value;
        }

        /// <summary>Every association EC2 lists for the instance.</summary>
        public async Task<IReadOnlyList<ProfileAssociation>> ListAsync(string instanceId, AttemptCounter counter, CancellationToken cancellationToken) =>
            (await ListAsync(new[] { instanceId }, counter, cancellationToken).ConfigureAwait(false))[instanceId];

        /// <summary>The states of the instances that exist, 200 a read.</summary>
        public async Task<IReadOnlyDictionary<string, InstanceState>> GetInstanceStatesAsync(
            IReadOnlyCollection<string> instanceIds, AttemptCounter counter, CancellationToken cancellationToken)
        {
            RetryResult<IReadOnlyDictionary<string, InstanceState>> states = await _context.NewPropagationRetry().RunAsync(
                $"DescribeInstances for {instanceIds.Count} instance(s)",
                ct => InstanceStateReader.ReadAsync(_context.Ec2, instanceIds, ct),
                _options.PropagationTimeout,
                cancellationToken,
                TransientErrors.IsTransient).ConfigureAwait(false);
            counter.Add(states.Attempts);
            return states.Value;
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
                _options.Timeout,
                cancellationToken,
                describe: s => s.ToString().ToLowerInvariant()).ConfigureAwait(false);
            return settled.Value;
        }

        public Task<ProfileAssociation> ReplaceAsync(string associationId, string profileArn, AttemptCounter counter, CancellationToken cancellationToken) =>
            MutateAsync(
                $"ReplaceIamInstanceProfileAssociation {associationId} with {profileArn}",
                profileArn,
                ct => _context.Ec2.ReplaceIamInstanceProfileAssociationAsync(associationId, ProfileReference.ByArn(profileArn), ct),
                counter,
                cancellationToken);

        public Task<ProfileAssociation> AssociateAsync(string instanceId, string profileArn, AttemptCounter counter, CancellationToken cancellationToken) =>
            MutateAsync(
                $"AssociateIamInstanceProfile {profileArn} with {instanceId}",
                profileArn,
                ct => _context.Ec2.AssociateIamInstanceProfileAsync(instanceId, ProfileReference.ByArn(profileArn), ct),
                counter,
                cancellationToken);

        public Task<ProfileAssociation> DisassociateAsync(string associationId, AttemptCounter counter, CancellationToken cancellationToken) =>
            MutateAsync(
                $"DisassociateIamInstanceProfile {associationId}",
                null,
                ct => _context.Ec2.DisassociateIamInstanceProfileAsync(associationId, ct),
                counter,
                cancellationToken);

        private Task<ProfileAssociation> MutateAsync(
            string description,
            string? profileArn,
            Func<CancellationToken, Task<ProfileAssociation>> call,
            AttemptCounter counter,
            CancellationToken cancellationToken)
        {
            Task<ProfileAssociation> Retried(CancellationToken ct) => RetriedAsync(description, call, counter, ct);
            return profileArn is not null && SameProfile(profileArn, Volatile.Read(ref _targetArn))
                ? _targetGate.RunAsync(Retried, cancellationToken)
                : Retried(cancellationToken);
        }

        private async Task<ProfileAssociation> RetriedAsync(
            string description, Func<CancellationToken, Task<ProfileAssociation>> call, AttemptCounter counter, CancellationToken cancellationToken)
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
