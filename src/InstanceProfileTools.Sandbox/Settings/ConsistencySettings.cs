namespace InstanceProfileTools.Sandbox.Settings
{
    /// <summary>How long changes take to propagate, as IAM and EC2 do. All off (0) by default.</summary>
    public sealed class ConsistencySettings
    {
        /// <summary>A new profile is unknown to EC2 for this long after CreateInstanceProfile.</summary>
        public int ProfilePropagationMs { get; set; }

        /// <summary>After a role is added to or removed from a profile, EC2 still sees the old role set for this long.</summary>
        public int RoleOnProfilePropagationMs { get; set; }

        /// <summary>A new role is NoSuchEntity to AddRoleToInstanceProfile for this long.</summary>
        public int RolePropagationMs { get; set; }

        /// <summary>Associations stay associating this long before they are associated.</summary>
        public int AssociatingMs { get; set; }

        /// <summary>Disassociated associations stay disassociating this long before they are gone.</summary>
        public int DisassociatingMs { get; set; }

        /// <summary>
        /// While a profile propagates, EC2 alternates not found / found between consecutive lookups, and IAM's
        /// GetInstanceProfile alternates found / NoSuchEntity ("seen, then not seen").
        /// </summary>
        public bool FlappingReads { get; set; }

        /// <summary>
        /// While a profile propagates, every second rejected Associate/Replace answers IncorrectState with
        /// Code=InstanceIdentityProfileNotFound instead of InvalidParameterValue (the first is always the latter).
        /// </summary>
        public bool IdentityNotFoundVariant { get; set; }

        /// <summary>Launched or started instances stay pending this long before they are running.</summary>
        public int InstancePendingMs { get; set; }

        /// <summary>
        /// After an association becomes associated, the instance's credentials (GET /_sandbox/instances/ID/credentials)
        /// still come from the role it had before for this long, as an instance's cached credentials do.
        /// </summary>
        public int CredentialRefreshMs { get; set; }
    }
}
