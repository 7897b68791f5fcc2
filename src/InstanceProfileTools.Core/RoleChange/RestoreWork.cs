using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace InstanceProfileTools.Core.RoleChange
{
    /// <summary>Each instance back to the profile its <see cref="RestoreRequest"/> names.</summary>
    internal sealed class RestoreWork : IFleetWork
    {
        private readonly RoleChangeEngine _engine;
        private readonly IReadOnlyDictionary<string, RestoreRequest> _requests;

        public RestoreWork(RoleChangeEngine engine, IReadOnlyDictionary<string, RestoreRequest> requests)
        {
            _engine = engine;
            _requests = requests;
        }

        public Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        // No one target: the state of every instance with an association is read, batched like the rest.
        public Task<IReadOnlyDictionary<string, InstanceSnapshot>> ReadAsync(IReadOnlyCollection<string> instanceIds, CancellationToken cancellationToken) =>
            _engine.SnapshotAsync(instanceIds, null, cancellationToken);

        public RoleChangeMethod MethodFor(string instanceId, InstanceSnapshot snapshot) => _requests[instanceId].MethodFor(snapshot);

        public Task<RoleChangeResult> ChangeAsync(string instanceId, InstanceSnapshot? snapshot, CancellationToken cancellationToken) =>
            _engine.RestoreAsync(_requests[instanceId], snapshot, cancellationToken);
    }
}
