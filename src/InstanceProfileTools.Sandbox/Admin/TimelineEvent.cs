using System;

namespace InstanceProfileTools.Sandbox.Admin
{
    /// <summary>One state change of one association, as /_sandbox/timeline lists it.</summary>
    public sealed class TimelineEvent
    {
        /// <summary>When the state was entered.</summary>
        public DateTimeOffset Time { get; set; }

        /// <summary>Position in the whole timeline, from 1.</summary>
        public long Seq { get; set; }

        /// <summary>The 12-digit account the instance belongs to.</summary>
        public string AccountId { get; set; } = "";

        /// <summary>The region the instance runs in.</summary>
        public string Region { get; set; } = "";

        /// <summary>The instance.</summary>
        public string InstanceId { get; set; } = "";

        /// <summary>The association.</summary>
        public string AssociationId { get; set; } = "";

        /// <summary>associating, associated, disassociating or disassociated.</summary>
        public string State { get; set; } = "";

        /// <summary>The association's profile.</summary>
        public string InstanceProfileArn { get; set; } = "";

        /// <summary>The profile the instance has after this event (an associating or associated one), or null.</summary>
        public string? EffectiveInstanceProfileArn { get; set; }
    }
}
