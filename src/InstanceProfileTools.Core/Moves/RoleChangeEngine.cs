using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.Journal;
using InstanceProfileTools.Core.Operations;
using InstanceProfileTools.Core.Validation;

namespace InstanceProfileTools.Core.Moves
{
    /// <summary>
    /// The safe role change of one run (DESIGN.md, section 4): the target profile is resolved once (step 1), then
    /// each instance is moved to it (<see cref="ChangeAsync(string, CancellationToken)"/>), planned
    /// (<see cref="PlanAsync(IReadOnlyList{string}, CancellationToken)"/>), or many at once by a runner; a restore
    /// puts instances back where a record says they were. Every move of the run shares one poll, one journal and
    /// one cache of profile roles. Safe to call from many threads at once.
    /// </summary>
    public sealed class RoleChangeEngine
    {
        private readonly OperationContext _context;
        private readonly RoleChangeOptions _options;
        private readonly RunJournal _journal;
        private readonly TargetProfileResolver _resolver;
        private readonly RoleChangeCalls _calls;
        private readonly AssociationWatch _watch;
        private readonly RoleNames _roles;
        private readonly object _targetLock = new();
        private Task<TargetProfile>? _target;
        private Task<TargetProfile?>? _plannedTarget;
        private readonly RoleChangeEngine? _sameAccount;
        private FirstSuccessGate? _gate;

        /// <param name="sameAccount">
        /// An engine of the same account in another region, whose target this one shares: IAM is global, so the
        /// profile is found (or created) once per account, while each region waits out its own propagation at its
        /// first-success gate.
        /// </param>
        public RoleChangeEngine(OperationContext context, RoleChangeOptions options, RunJournal? journal = null, RoleChangeEngine? sameAccount = null)
            : this(context, options, journal, needsTarget: true)
        {
            _sameAccount = sameAccount;
        }

        private RoleChangeEngine(OperationContext context, RoleChangeOptions options, RunJournal? journal, bool needsTarget)
        {
            _context = context ?? throw new ArgumentNullException(nameof(context));
            _options = options ?? throw new ArgumentNullException(nameof(options));
            if (needsTarget) _options.CheckTarget();
            _journal = journal ?? RunJournal.None;
            _resolver = new TargetProfileResolver(context, options);
            _calls = new RoleChangeCalls(context, options.Timeout);
            _watch = new AssociationWatch(context);
            _roles = new RoleNames(context, options.PropagationTimeout);
        }

        /// <summary>An engine that only puts instances back (<see cref="StartRestoreRunner"/>): it needs no target.</summary>
        public static RoleChangeEngine ForRestore(OperationContext context, RoleChangeOptions options, RunJournal? journal = null) =>
            new(context, options, journal, needsTarget: false);

        /// <summary>The run's journal (<see cref="RunJournal.None"/> when it keeps none).</summary>
        public RunJournal Journal => _journal;

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
        /// The target profile found by reads only, once per run: null when it would be created. Fails as
        /// <see cref="ResolveTargetAsync"/> would (ambiguous, not found with NoCreate, a profile without a role).
        /// </summary>
        public Task<TargetProfile?> FindTargetAsync(CancellationToken cancellationToken)
        {
            lock (_targetLock)
            {
                return _plannedTarget ??= _sameAccount?.FindTargetAsync(cancellationToken) ?? _resolver.FindAsync(cancellationToken);
            }
        }

        /// <summary>What the instances have now, in reads of 200 (see <see cref="RoleChangeCalls.SnapshotAsync"/>).</summary>
        public Task<IReadOnlyDictionary<string, InstanceSnapshot>> SnapshotAsync(IReadOnlyCollection<string> instanceIds, string? targetArn, CancellationToken cancellationToken) =>
            _calls.SnapshotAsync(instanceIds, targetArn, cancellationToken);

        /// <summary>Changes one instance's profile (steps 2 to 6). Failures are in the result; only cancellation throws.</summary>
        public Task<RoleChangeResult> ChangeAsync(string instanceId, CancellationToken cancellationToken) =>
            ChangeAsync(instanceId, null, cancellationToken);

        /// <summary><see cref="ChangeAsync(string, CancellationToken)"/> from what an earlier read showed (which may be stale).</summary>
        public async Task<RoleChangeResult> ChangeAsync(string instanceId, InstanceSnapshot? snapshot, CancellationToken cancellationToken)
        {
            Validate.InstanceId(instanceId);
            MoveRequest request = await ChangeRequestAsync(cancellationToken).ConfigureAwait(false);
            return await new InstanceRoleChange(Services(CancellationToken.None), _roles, instanceId, request.Target, request.Gate, null)
                .RunAsync(snapshot, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>What <see cref="ChangeAsync"/> would do to the instance, found by reads only.</summary>
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
                plans.Add(new RoleChangePlan(instanceId)
                {
                    CurrentInstanceProfileArn = snapshot.Current?.InstanceProfileArn,
                    CurrentRoleName = await _roles.OfAsync(snapshot.Current?.InstanceProfileArn, cancellationToken).ConfigureAwait(false),
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
        /// Starts a runner that changes up to <paramref name="throttleLimit"/> instances at once, reporting to
        /// <paramref name="channel"/>. Cancelling
        /// <paramref name="stopStarting"/> starts no further instance and ends the waits of those in flight once
        /// their call is made (or rolled back); <paramref name="abort"/> cancels everything, and is meant only for
        /// tearing down.
        /// </summary>
        public RoleChangeRunner StartRunner(int throttleLimit, HostChannel channel, CancellationToken stopStarting, CancellationToken abort) =>
            new(stop => new FleetMover(Services(stop), _roles, ChangeRequestsAsync(abort)), throttleLimit, channel, stopStarting, abort);

        /// <summary>
        /// Starts a runner that puts each instance added back as its request says, with the same read-ahead, pacing,
        /// move and rollback as a change; instances added must have a request.
        /// </summary>
        public RoleChangeRunner StartRestoreRunner(IReadOnlyDictionary<string, RestoreRequest> requests, int throttleLimit, HostChannel channel, CancellationToken stopStarting, CancellationToken abort)
        {
            if (requests is null) throw new ArgumentNullException(nameof(requests));
            Func<string, MoveRequest> requestFor = instanceId => RestoreMove(requests[instanceId]);
            return new(stop => new FleetMover(Services(stop), _roles, Task.FromResult(requestFor)), throttleLimit, channel, stopStarting, abort);
        }

        /// <summary>Puts one instance back; failures (someone changed it since, no profile to go back to) are in the result.</summary>
        public Task<RoleChangeResult> RestoreAsync(RestoreRequest request, InstanceSnapshot? snapshot, CancellationToken cancellationToken)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            Validate.InstanceId(request.InstanceId);
            MoveRequest move = RestoreMove(request);
            return new InstanceRoleChange(Services(CancellationToken.None), _roles, request.InstanceId, move.Target, null, move.Precondition).RunAsync(snapshot, cancellationToken);
        }

        private MoveServices Services(CancellationToken stop) =>
            new(_calls, _watch, _journal, _options, _context.Clock, _context.Log, _context.Waits.NewBackoff(), stop);

        private async Task<Func<string, MoveRequest>> ChangeRequestsAsync(CancellationToken cancellationToken)
        {
            MoveRequest request = await ChangeRequestAsync(cancellationToken).ConfigureAwait(false);
            return _ => request;
        }

        private async Task<MoveRequest> ChangeRequestAsync(CancellationToken cancellationToken)
        {
            TargetProfile target = await ResolveTargetAsync(cancellationToken).ConfigureAwait(false);
            return new MoveRequest(target, _gate, null);
        }

        private MoveRequest RestoreMove(RestoreRequest request)
        {
            TargetProfile? target = request.InstanceProfileArn is { } arn
                ? new TargetProfile(InstanceProfileArn.TryParse(arn, out InstanceProfileArn? parsed) ? parsed!.Name : arn, arn, request.RoleName ?? string.Empty, Created: false)
                : null;
            return new MoveRequest(target, null, read => RestoreRefusal(request, read));
        }

        // An instance already back is left as it is; one that someone changed since, or that had no profile, only when asked.
        private static InstanceProfileToolsException? RestoreRefusal(RestoreRequest request, InstanceSnapshot read)
        {
            if (request.MethodFor(read) == RoleChangeMethod.None)
            {
                return null;
            }

            if (!request.EvenIfChangedSince && !request.IsRecorded(read.Current))
            {
                string has = read.Current is null ? "no instance profile" : $"instance profile {read.Current.InstanceProfileArn} (association {read.Current.AssociationId})";
                return new InstanceProfileToolsException(ErrorIds.InstanceChangedElsewhere, FailureKind.ResourceExists, request.InstanceId,
                    $"Instance {request.InstanceId} runs with {has}, which the journal never recorded for it (it recorded association(s) " +
                    $"{string.Join(", ", request.RecordedAssociationIds)}): someone changed it since. " +
                    "It was left alone; -EvenIfChangedSince puts it back anyway.");
            }

            if (request.InstanceProfileArn is null && !request.AllowDisassociate)
            {
                return new InstanceProfileToolsException(ErrorIds.NoPreviousProfile, FailureKind.InvalidOperation, request.InstanceId,
                    $"Instance {request.InstanceId} had no instance profile before; putting it back means disassociating " +
                    $"{read.Current!.InstanceProfileArn}, which takes its credentials away. It was left alone; -AllowDisassociate disassociates it.");
            }

            return null;
        }

        private async Task<TargetProfile> ResolveAsync(CancellationToken cancellationToken)
        {
            TargetProfile target = _sameAccount is null
                ? await _resolver.ResolveAsync(cancellationToken).ConfigureAwait(false)
                : await _sameAccount.ResolveTargetAsync(cancellationToken).ConfigureAwait(false);
            _roles.Know(target.Arn, target.RoleName);
            lock (_targetLock) _gate ??= new FirstSuccessGate(target.Arn);
            return target;
        }
    }
}
