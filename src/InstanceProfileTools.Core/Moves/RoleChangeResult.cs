using System;
using InstanceProfileTools.Core.Model;

namespace InstanceProfileTools.Core.Moves
{
    /// <summary>
    /// The outcome for one instance: what it ran with before, what it runs with now, how it got there, and,
    /// when the change failed, why and whether the previous profile was put back.
    /// </summary>
    public sealed record RoleChangeResult
    {
        public RoleChangeResult(string instanceId)
        {
            InstanceId = instanceId;
        }

        public string InstanceId { get; }

        /// <summary>True when a mutating call was made (even if it was later rolled back).</summary>
        public bool Changed { get; init; }

        public RoleChangeMethod Method { get; init; }

        /// <summary>The association the instance had before the run; null when it had none.</summary>
        public string? PreviousAssociationId { get; init; }

        /// <summary>The profile the instance had before the run; null when it had none.</summary>
        public string? PreviousInstanceProfileArn { get; init; }

        /// <summary>The role that profile held, when it could be read.</summary>
        public string? PreviousRoleName { get; init; }

        /// <summary>The target profile (null when it could not be resolved).</summary>
        public TargetProfile? Target { get; init; }

        /// <summary>The profile the instance runs with at the end, as last read; null when it has none.</summary>
        public string? InstanceProfileArn { get; init; }

        /// <summary>The role of <see cref="InstanceProfileArn"/>, when known.</summary>
        public string? RoleName { get; init; }

        /// <summary>The instance's association at the end; null when it has none.</summary>
        public string? AssociationId { get; init; }

        /// <summary>The state of <see cref="AssociationId"/> when last seen.</summary>
        public AssociationState? State { get; init; }

        /// <summary>The calls the change took, reads and retries included.</summary>
        public int Attempts { get; init; }

        public TimeSpan Duration { get; init; }

        /// <summary>True when the change failed and the previous profile was put back.</summary>
        public bool RolledBack { get; init; }

        /// <summary>Why the change failed; null when it succeeded.</summary>
        public InstanceProfileToolsException? Error { get; init; }

        public bool Succeeded => Error is null;
    }
}
