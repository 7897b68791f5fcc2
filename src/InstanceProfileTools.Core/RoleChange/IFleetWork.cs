using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace InstanceProfileTools.Core.RoleChange
{
    /// <summary>
    /// What a <see cref="RoleChangeRunner"/> does to each instance: a move of the whole fleet to one target
    /// (<see cref="TargetChangeWork"/>) or a move of each instance back to where it was (<see cref="RestoreWork"/>).
    /// </summary>
    internal interface IFleetWork
    {
        /// <summary>Readies the run (resolves its target); a failure here means no instance can change.</summary>
        Task PrepareAsync(CancellationToken cancellationToken);

        /// <summary>What the instances have now, in reads of 200.</summary>
        Task<IReadOnlyDictionary<string, InstanceSnapshot>> ReadAsync(IReadOnlyCollection<string> instanceIds, CancellationToken cancellationToken);

        /// <summary>How the instance would be moved, which decides the EC2 bucket it draws on.</summary>
        RoleChangeMethod MethodFor(string instanceId, InstanceSnapshot snapshot);

        /// <summary>Moves one instance; failures are in the result.</summary>
        Task<RoleChangeResult> ChangeAsync(string instanceId, InstanceSnapshot? snapshot, CancellationToken cancellationToken);
    }
}
