using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
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
    /// The safe role change of one run (DESIGN.md, section 4): the target profile is resolved once (step 1), what
    /// the instances have is read 200 at a time (<see cref="SnapshotAsync"/>), then each instance is moved to it by
    /// <see cref="ChangeAsync(string, CancellationToken)"/>, planned by <see cref="PlanAsync(string, CancellationToken)"/>,
    /// or many at once through
    /// <see cref="StartRunner"/>. Every wait of the run shares one poll. Safe to call from many threads at once.
    /// </summary>
    public sealed class RoleChangeEngine
    {
        private readonly OperationContext _context;
        private readonly RoleChangeOptions _options;
        private readonly TargetProfileResolver _resolver;
        private readonly RoleChangeCalls _calls;
        private readonly AssociationWatch _watch;
        private readonly ConcurrentDictionary<string, Lazy<Task<string?>>> _roleOfProfile = new(StringComparer.Ordinal);
        private readonly object _targetLock = new();
        private Task<TargetProfile>? _target;
        private Task<TargetProfile?>? _plannedTarget;

        public RoleChangeEngine(OperationContext context, RoleChangeOptions options)
            : this(context, options, needsTarget: true)
        {
        }

        private RoleChangeEngine(OperationContext context, RoleChangeOptions options, bool needsTarget)
        {
            _context = context ?? throw new ArgumentNullException(nameof(context));
            _options = options ?? throw new ArgumentNullException(nameof(options));
            if (needsTarget) _options.CheckTarget();
            _resolver = new TargetProfileResolver(context, options);
            _calls = new RoleChangeCalls(context, options);
            _watch = new AssociationWatch(context);
        }

        /// <summary>
        /// The target profile, found or created on the first call and shared by every later one (a failure too):
        /// a thousand instances cause one lookup and at most one creation.
        /// </summary>
        public Task<TargetProfile> ResolveTargetAsync(CancellationToken cancellationToken)
        {
            lock (_targetLock)
            {
                return _target ??= ResolveAsync(cancellationToken);
            }
        }

        /// <summary>
        /// What the instances have now: their associations, and the state of those whose method depends on it,
        /// in reads of 200 instances.
        /// </summary>
        public async Task<IReadOnlyDictionary<string, InstanceSnapshot>> SnapshotAsync(IReadOnlyCollection<string> instanceIds, string? targetArn, CancellationToken cancellationToken)
        {
            var counter = new AttemptCounter();
            IReadOnlyDictionary<string, IReadOnlyList<ProfileAssociation>> associations = await _calls.ListAsync(instanceIds, counter, cancellationToken).ConfigureAwait(false);
            string[] needState = associations
                .Where(pair => InstanceSnapshot.NeedsState(Reads.AssociationReader.Current(pair.Value), targetArn))
                .Select(pair => pair.Key)
                .ToArray();
            IReadOnlyDictionary<string, InstanceState> states = needState.Length == 0
                ? new Dictionary<string, InstanceState>()
                : await _calls.GetInstanceStatesAsync(needState, counter, cancellationToken).ConfigureAwait(false);
            return associations.ToDictionary(
                pair => pair.Key,
                pair => new InstanceSnapshot(pair.Key, pair.Value, states.TryGetValue(pair.Key, out InstanceState state) ? state : null),
                StringComparer.Ordinal);
        }

        /// <summary>Changes one instance's profile (steps 2 to 6). Failures are in the result; only cancellation throws.</summary>
        public Task<RoleChangeResult> ChangeAsync(string instanceId, CancellationToken cancellationToken) =>
            ChangeAsync(instanceId, null, cancellationToken);

        /// <summary><see cref="ChangeAsync(string, CancellationToken)"/> from what a <see cref="SnapshotAsync"/> read showed.</summary>
        public async Task<RoleChangeResult> ChangeAsync(string instanceId, InstanceSnapshot? snapshot, CancellationToken cancellationToken)
        {
            Validate.InstanceId(instanceId);
            TargetProfile target = await ResolveTargetAsync(cancellationToken).ConfigureAwait(false);
            var change = new InstanceRoleChange(_calls, _watch, _options, _context.Clock, _context.Log, instanceId, target);
            return await change.RunAsync(snapshot, RoleOfAsync, cancellationToken).ConfigureAwait(false);
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

        /// <summary>What <see cref="ChangeAsync(string, CancellationToken)"/> would do to the instance, found by reads only.</summary>
        public async Task<RoleChangePlan> PlanAsync(string instanceId, CancellationToken cancellationToken) =>
            (await PlanAsync(new[] { instanceId }, cancellationToken).ConfigureAwait(false))[0];

        /// <summary>The plans of many instances, in their order, from reads of 200 instances each.</summary>
        public async Task<IReadOnlyList<RoleChangePlan>> PlanAsync(IReadOnlyList<string> instanceIds, CancellationToken cancellationToken)
        {
            foreach (string instanceId in instanceIds) Validate.InstanceId(instanceId);
            TargetProfile? target = await FindTargetAsync(cancellationToken).ConfigureAwait(false);
            IReadOnlyDictionary<string, InstanceSnapshot> snapshots = await SnapshotAsync(instanceIds, target?.Arn, cancellationToken).ConfigureAwait(false);
            var plans = new List<RoleChangePlan>(instanceIds.Count);
            foreach (string instanceId in instanceIds)
            {
                InstanceSnapshot snapshot = snapshots[instanceId];
                ProfileAssociation? current = snapshot.Current;
                plans.Add(new RoleChangePlan(instanceId)
                {
                    CurrentInstanceProfileArn = current?.InstanceProfileArn,
                    CurrentRoleName = current is null ? null : await RoleOfAsync(current.InstanceProfileArn, cancellationToken).ConfigureAwait(false),
                    TargetInstanceProfileName = target?.Name ?? _options.RoleName!,
                    TargetInstanceProfileArn = target?.Arn,
                    TargetRoleName = target?.RoleName ?? _options.RoleName!,
                    ProfileWouldBeCreated = target is null,
                    Method = snapshot.MethodFor(target?.Arn),
                });
            }

            return plans;
        }

        /// <summary>
        /// Starts a runner that changes up to <paramref name="throttleLimit"/> instances at once. Cancelling
        /// <paramref name="stopStarting"/> starts no further instance while those in flight finish (or roll back);
        /// <paramref name="abort"/> cancels those too, and is meant only for tearing everything down.
        /// </summary>
        public RoleChangeRunner StartRunner(int throttleLimit, CancellationToken stopStarting, CancellationToken abort) =>
            new(new TargetChangeWork(this), throttleLimit, stopStarting, abort);

        /// <summary>An engine that only puts instances back (<see cref="StartRestoreRunner"/>): it needs no target.</summary>
        public static RoleChangeEngine ForRestore(OperationContext context, RoleChangeOptions options) => new(context, options, needsTarget: false);

        /// <summary>
        /// Starts a runner that puts each instance added back as its request says, with the same read-ahead, pacing,
        /// safe move and rollback as a change; instances added must have a request.
        /// </summary>
        public RoleChangeRunner StartRestoreRunner(IReadOnlyDictionary<string, RestoreRequest> requests, int throttleLimit, CancellationToken stopStarting, CancellationToken abort) =>
            new(new RestoreWork(this, requests ?? throw new ArgumentNullException(nameof(requests))), throttleLimit, stopStarting, abort);

        /// <summary>Puts one instance back; failures (someone changed it since, no profile to go back to) are in the result.</summary>
        public async Task<RoleChangeResult> RestoreAsync(RestoreRequest request, InstanceSnapshot? snapshot, CancellationToken cancellationToken)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            Validate.InstanceId(request.InstanceId);
            TargetProfile? target = null;
            if (request.InstanceProfileArn is { } arn)
            {
                string name = InstanceProfileArn.TryParse(arn, out InstanceProfileArn? parsed) ? parsed!.Name : arn;
                string role = request.RoleName ?? await RoleOfAsync(arn, cancellationToken).ConfigureAwait(false) ?? string.Empty;
                target = new TargetProfile(name, arn, role, Created: false);
            }

            var change = new InstanceRoleChange(_calls, _watch, _options, _context.Clock, _context.Log, request.InstanceId, target, read => RestoreRefusal(request, read));
            return await change.RunAsync(snapshot, RoleOfAsync, cancellationToken).ConfigureAwait(false);
        }

        // An instance already back is left as it is; one that someone changed since, or that had no profile, only with leave.
        private static InstanceProfileToolsException? RestoreRefusal(RestoreRequest request, InstanceSnapshot read)
        {
            if (request.MethodFor(read) == RoleChangeMethod.None)
            {
                return null;
            }

            ProfileAssociation? current = read.Current;

            if (!request.Force && current?.AssociationId != request.ExpectedAssociationId)
            {
                string has = current is null ? "no instance profile" : $"instance profile {current.InstanceProfileArn} (association {current.AssociationId})";
                string expected = request.ExpectedAssociationId is null ? "no instance profile" : $"association {request.ExpectedAssociationId}";
                return new InstanceProfileToolsException(ErrorIds.InstanceChangedElsewhere, FailureKind.ResourceExists, request.InstanceId,
                    $"Instance {request.InstanceId} runs with {has}, not {expected}, which the journal recorded last: someone changed it since. " +
                    "It was left alone; -Force puts it back anyway.");
            }

            if (request.InstanceProfileArn is null && !request.AllowDisassociate)
            {
                return new InstanceProfileToolsException(ErrorIds.NoPreviousProfile, FailureKind.InvalidOperation, request.InstanceId,
                    $"Instance {request.InstanceId} had no instance profile before; putting it back means disassociating " +
                    $"{current!.InstanceProfileArn}, which takes its credentials away. It was left alone; -Force disassociates it.");
            }

            return null;
        }

        private async Task<TargetProfile> ResolveAsync(CancellationToken cancellationToken)
        {
            TargetProfile target = await _resolver.ResolveAsync(cancellationToken).ConfigureAwait(false);
            _calls.SetTarget(target.Arn);
            return target;
        }

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
