using System;

namespace InstanceProfileTools
{
    /// <summary>An EC2 association between an instance and an instance profile.</summary>
    public sealed class InstanceProfileAssociation
    {
        /// <summary>The association id (iip-assoc-...); a replace answers a new one.</summary>
        public string AssociationId { get; set; } = string.Empty;

        public string InstanceId { get; set; } = string.Empty;

        /// <summary>The region the instance is in (null when none was configured and EC2 found its own).</summary>
        public string? Region { get; set; }

        /// <summary>The account the instance is in.</summary>
        public string? AccountId { get; set; }

        public string InstanceProfileArn { get; set; } = string.Empty;

        /// <summary>The profile name, parsed from <see cref="InstanceProfileArn"/>.</summary>
        public string? InstanceProfileName { get; set; }

        /// <summary>associating, associated, disassociating or disassociated, as EC2 says.</summary>
        public string State { get; set; } = string.Empty;

        /// <summary>When EC2 made the association (UTC), when it says.</summary>
        public DateTime? Timestamp { get; set; }

        public override string ToString() => AssociationId;
    }
}
