using System;

namespace InstanceProfileTools.Core.Moves
{
    /// <summary>
    /// Where a runner is to move one instance: to a target (null: to no profile), through the run's gate when it is
    /// the run's new target, after a precondition on the settled read (an undo's "changed since").
    /// </summary>
    internal sealed record MoveRequest(TargetProfile? Target, FirstSuccessGate? Gate, Func<InstanceSnapshot, InstanceProfileToolsException?>? Precondition);
}
