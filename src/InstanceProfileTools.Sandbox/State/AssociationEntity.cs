using System;

namespace InstanceProfileTools.Sandbox.State
{
    /// <summary>
    /// One association of an instance profile with an instance. Its state is never stored: it is computed from
    /// these timestamps, so that lazily reached states need no timers and the timeline can be derived exactly.
    /// </summary>
    public sealed class AssociationEntity
    {
        /// <summary>The iip-assoc-... id.</summary>
        public string AssociationId { get; set; } = "";

        /// <summary>The instance it belongs to.</summary>
        public string InstanceId { get; set; } = "";

        /// <summary>The profile ARN at the time of association.</summary>
        public string InstanceProfileArn { get; set; } = "";

        /// <summary>The profile id at the time of association.</summary>
        public string InstanceProfileId { get; set; } = "";

        /// <summary>When it was created (state associating).</summary>
        public DateTimeOffset CreatedAt { get; set; }

        /// <summary>The event sequence number of its creation: orders events that share a timestamp.</summary>
        public long CreatedSeq { get; set; }

        /// <summary>From this moment it is associated, unless <see cref="Stuck"/>.</summary>
        public DateTimeOffset AssociatedAt { get; set; }

        /// <summary>
        /// From this moment the instance's credentials come from this association's role (associated, plus
        /// credentialRefreshMs as set when it was made); until then they are still its predecessor's.
        /// </summary>
        public DateTimeOffset CredentialsFrom { get; set; }

        /// <summary>The association this one replaced (ReplaceIamInstanceProfileAssociation), if any.</summary>
        public string? ReplacesAssociationId { get; set; }

        /// <summary>A fault rule made it stay associating forever.</summary>
        public bool Stuck { get; set; }

        /// <summary>When it was disassociated, replaced or its instance terminated; null while active.</summary>
        public DateTimeOffset? RetiredAt { get; set; }

        /// <summary>The event sequence number of its retirement.</summary>
        public long RetiredSeq { get; set; }

        /// <summary>From this moment a retired association is gone (disassociated).</summary>
        public DateTimeOffset? GoneAt { get; set; }
    }
}
