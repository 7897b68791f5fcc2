using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Operations;
using InstanceProfileTools.Core.Retry;
using InstanceProfileTools.Core.Validation;

namespace InstanceProfileTools.Core.RoleChange
{
    /// <summary>
    /// The safe role change of one run (DESIGN.md, section 4): the target profile is resolved once, then each
    /// instance is moved to it by <see cref="ChangeAsync"/>, planned by <see cref="PlanAsync"/>, or many at once
    /// through <see cref="StartRunner"/>. Safe to call from many threads at once.
    /// </summary>
    public sealed class RoleChangeEngine
    {
        private readonly OperationContext _context;
        private readonly RoleChangeOptions _options;
        private readonly TargetProfileResolver _resolver;
        private readonly RoleChangeCalls _operations;
        private readonly ConcurrentDictionary<string, Lazy<Task<string?>>> _roleOfProfile = new(StringComparer.Ordinal);
        private readonly object _targetLock = new();
        private Task<TargetProfile>? _target;
        private Task<TargetProfile?>? _plannedTarget;

        public RoleChangeEngine(OperationContext context, RoleChangeOptions options)
        {
            _context = context ?? throw new ArgumentNullException(nameof(context));
            _options = options ?? throw new ArgumentNullException(nameof(options));
            _options.CheckTarget();
            _resolver = new TargetProfileResolver(context, options);
            _operations = new RoleChangeCalls(context, options);
        }

        public RoleChangeOptions Options => _options;

        /// <summary>
        /// The target profile, found or created on the first call and shared by every later one (a failure too):
        /// a thousand instances cause one lookup and at most one creation.
        /// </summary>
        public Task<TargetProfile> ResolveTargetAsync(CancellationToken cancellationToken)
        {
            lock (_targetLock)
            {
                return _target ??= _resolver.ResolveAsync(cancellationToken);
            }
        }

        /// <summary>Changes one instance's profile (steps 2 to 6). Failures are in the result; only cancellation throws.</summary>
        public async Task<RoleChangeResult> ChangeAsync(string instanceId, CancellationToken cancellationToken)
        {
            Validate.InstanceId(instanceId);
            TargetProfile target = await ResolveTargetAsync(cancellationToken).ConfigureAwait(false);
            var change = new InstanceRoleChange(_operations, _options, _context.Clock, _context.Log, instanceId, target);
            return await change.RunAsync(RoleOfAsync, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// The target profile found by reads only, once per run: null when it would be created. Fails as
        /// <see cref="ResolveTargetAsync"/> would (ambiguous, not found with NoCreate, a profile without a role).
        /// </summary>
        public Task<TargetProfile?> FindTargetAsync(CancellationToken cancellationToken)
        {
            lock (_targetLock)
            {
                return _plannedTarget ??= _resolver.FindAsync(cancellationToken);
            }
        }

        /// <summary>What <see cref="ChangeAsync"/> would do to the instance, found by reads only.</summary>
        public async Task<RoleChangePlan> PlanAsync(string instanceId, CancellationToken cancellationToken)
        {
            Validate.InstanceId(instanceId);
            TargetProfile? target = await FindTargetAsync(cancellationToken).ConfigureAwait(false);
            var attempts = new AttemptCounter();
            ProfileAssociation? current = RoleChangeCalls.Active(
                await _operations.ListAsync(instanceId, attempts, cancellationToken).ConfigureAwait(false));
            string? currentRole = current is null ? null : await RoleOfAsync(current.InstanceProfileArn, cancellationToken).ConfigureAwait(false);
            RoleChangeMethod method = RoleChangeMethod.Associate;
            if (current is not null)
            {
                method = RoleChangeCalls.SameProfile(current.InstanceProfileArn, target?.Arn)
                    ? RoleChangeMethod.None
                    : await _operations.GetInstanceStateAsync(instanceId, attempts, cancellationToken).ConfigureAwait(false) == InstanceState.Stopped
                        ? RoleChangeMethod.DisassociateAssociate
                        : RoleChangeMethod.Replace;
            }

            return new RoleChangePlan(instanceId)
            {
                CurrentInstanceProfileArn = current?.InstanceProfileArn,
                CurrentRoleName = currentRole,
                TargetInstanceProfileName = target?.Name ?? _options.RoleName!,
                TargetInstanceProfileArn = target?.Arn,
                TargetRoleName = target?.RoleName ?? _options.RoleName!,
                ProfileWouldBeCreated = target is null,
                Method = method,
            };
        }

        /// <summary>
        /// Starts a runner that changes up to <paramref name="throttleLimit"/> instances at once. Cancelling
        /// <paramref name="stopStarting"/> starts no further instance while those in flight finish (or roll back);
        /// <paramref name="abort"/> cancels those too, and is meant only for tearing everything down.
        /// </summary>
        public RoleChangeRunner StartRunner(int throttleLimit, CancellationToken stopStarting, CancellationToken abort) =>
            new(this, throttleLimit, stopStarting, abort);

        // Many instances share a profile; its role is read once per run.
        private Task<string?> RoleOfAsync(string profileArn, CancellationToken cancellationToken) =>
            _roleOfProfile.GetOrAdd(profileArn, arn => new Lazy<Task<string?>>(() => ReadRoleAsync(arn, cancellationToken))).Value;

        private async Task<string?> ReadRoleAsync(string profileArn, CancellationToken cancellationToken)
        {
            if (!InstanceProfileArn.TryParse(profileArn, out InstanceProfileArn? arn))
            {
                return null;
            }

            try
            {
                RetryResult<IamInstanceProfile> profile = await _context.NewPropagationRetry().RunAsync(
                    $"GetInstanceProfile {arn!.Name}",
                    ct => _context.Iam.GetInstanceProfileAsync(arn.Name, ct),
                    _options.PropagationTimeout,
                    cancellationToken,
                    TransientErrors.IsTransient).ConfigureAwait(false);
                return profile.Value.Roles.FirstOrDefault()?.RoleName;
            }
            catch (InstanceProfileToolsException error)
            {
                _context.Log.Verbose($"Could not read the role of instance profile {profileArn}: {error.Message}");
                return null;
            }
        }
    }
}
