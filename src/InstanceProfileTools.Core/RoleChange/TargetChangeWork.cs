using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace InstanceProfileTools.Core.RoleChange
{
    /// <summary>Every instance to the run's one target profile, resolved (or created) once.</summary>
    internal sealed class TargetChangeWork : IFleetWork
    {
        private readonly RoleChangeEngine _engine;
        private string? _targetArn;

        public TargetChangeWork(RoleChangeEngine engine)
        {
            _engine = engine;
        }

        public async Task PrepareAsync(CancellationToken cancellationToken) =>
            _targetArn = (await _engine.ResolveTargetAsync(cancellationToken).ConfigureAwait(false)).Arn;

        public Task<IReadOnlyDictionary<string, InstanceSnapshot>> ReadAsync(IReadOnlyCollection<string> instanceIds, CancellationToken cancellationToken) =>
            _engine.SnapshotAsync(instanceIds, _targetArn, cancellationToken);

        public RoleChangeMethod MethodFor(string instanceId, InstanceSnapshot snapshot) => snapshot.MethodFor(_targetArn);

        public Task<RoleChangeResult> ChangeAsync(string instanceId, InstanceSnapshot? snapshot, CancellationToken cancellationToken) =>
            _engine.ChangeAsync(instanceId, snapshot, cancellationToken);
    }
}
