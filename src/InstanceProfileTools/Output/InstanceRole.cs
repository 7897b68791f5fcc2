namespace InstanceProfileTools
{
    /// <summary>What one instance runs with: its association, instance profile and role.</summary>
    public sealed class InstanceRole
    {
        public string InstanceId { get; set; } = string.Empty;

        /// <summary>The region the instance is in (null when none was configured and EC2 found its own).</summary>
        public string? Region { get; set; }

        /// <summary>The account the instance is in.</summary>
        public string? AccountId { get; set; }

        /// <summary>The current association, or null when the instance has no instance profile.</summary>
        public string? AssociationId { get; set; }

        /// <summary>The association's state, or null when there is none.</summary>
        public string? State { get; set; }

        public string? InstanceProfileName { get; set; }

        public string? InstanceProfileArn { get; set; }

        /// <summary>The role in the profile, or null when the profile holds none (or no longer exists).</summary>
        public string? RoleName { get; set; }

        public string? RoleArn { get; set; }

        public override string ToString() => InstanceId;
    }
}
