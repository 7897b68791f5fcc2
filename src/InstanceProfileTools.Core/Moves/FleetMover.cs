using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace InstanceProfileTools.Core.Moves
{
    /// <summary>
    /// What a <see cref="RoleChangeRunner"/> does to the instances it is given: read them 200 at a time, tell how
    /// each would move (which decides the EC2 bucket it draws on), and move each as its request says. It knows
    /// nothing of the engine above it: the requests come ready, once the run's target is known.
    /// </summary>
    internal sealed class FleetMover
    {
        private readonly MoveServices _services;
        private readonly RoleNames _roles;
        private readonly Task<Func<string, MoveRequest>> _requests;
        private Func<string, MoveRequest>? _ready;

        public FleetMover(MoveServices services, RoleNames roles, Task<Func<string, MoveRequest>> requests)
        {
            _services = services;
            _roles = roles;
            _requests = requests;
        }

        /// <summary>Waits for the requests (the run's target); a failure here means no instance can move.</summary>
        public async Task PrepareAsync() => _ready = await _requests.ConfigureAwait(false);

        public Task<IReadOnlyDictionary<string, InstanceSnapshot>> ReadAsync(IReadOnlyCollection<string> instanceIds, CancellationToken cancellationToken) =>
            _services.Calls.SnapshotAsync(instanceIds, TargetOf(instanceIds), cancellationToken);

        public RoleChangeMethod MethodFor(string instanceId, InstanceSnapshot snapshot) =>
            MoveDecision.MethodOf(snapshot, _ready!(instanceId).Target?.Arn);

        public Task<RoleChangeResult> MoveAsync(string instanceId, InstanceSnapshot? snapshot, CancellationToken abort)
        {
            MoveRequest request = _ready!(instanceId);
            return new InstanceRoleChange(_services, _roles, instanceId, request.Target, request.Gate, request.Precondition).RunAsync(snapshot, abort);
        }

        /// <summary>The run's journal: its first failed write stops the run.</summary>
        public Journal.RunJournal Journal => _services.Journal;

        // One target for a change reads the state only of instances not on it; a restore reads it for all.
        private string? TargetOf(IReadOnlyCollection<string> instanceIds)
        {
            foreach (string instanceId in instanceIds)
            {
                return _ready!(instanceId).Gate?.TargetArn;
            }

            return null;
        }
    }
}
