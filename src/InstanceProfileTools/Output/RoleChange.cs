using System;

namespace InstanceProfileTools
{
    /// <summary>The outcome of Set-InstanceRole (or Undo-InstanceRole) for one instance.</summary>
    public sealed class RoleChange
    {
        public string InstanceId { get; set; } = string.Empty;

        /// <summary>The region the instance is in (null when none was configured and EC2 found its own).</summary>
        public string? Region { get; set; }

        /// <summary>The account the instance is in.</summary>
        public string? AccountId { get; set; }

        /// <summary>The rollout wave (1 is the canary) when the change was made in waves; null otherwise.</summary>
        public int? Wave { get; set; }

        /// <summary>False when the instance already ran with the target profile (nothing was called).</summary>
        public bool Changed { get; set; }

        /// <summary>How the change was made: None, Replace, Associate or DisassociateAssociate.</summary>
        public string Method { get; set; } = "None";

        public string? PreviousInstanceProfileArn { get; set; }

        public string? PreviousRoleName { get; set; }

        public string? InstanceProfileName { get; set; }

        public string? InstanceProfileArn { get; set; }

        public string? RoleName { get; set; }

        /// <summary>True when the target profile was created for this change.</summary>
        public bool ProfileCreated { get; set; }

        /// <summary>The instance's association after the change.</summary>
        public string? AssociationId { get; set; }

        public string? State { get; set; }

        /// <summary>The number of calls the change took, retries included.</summary>
        public int Attempts { get; set; }

        public TimeSpan Duration { get; set; }

        /// <summary>True when the change failed and the previous profile was put back.</summary>
        public bool RolledBack { get; set; }

        /// <summary>Why the change failed, or null when it succeeded.</summary>
        public string? Error { get; set; }

        public override string ToString() => InstanceId;
    }
}
