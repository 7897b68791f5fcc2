using System;
using System.Collections.Generic;

namespace InstanceProfileTools.Sandbox.State
{
    /// <summary>An EC2 instance as stored: just enough to hang associations on.</summary>
    public sealed class InstanceEntity
    {
        /// <summary>The i-... id.</summary>
        public string InstanceId { get; set; } = "";

        /// <summary>The r-... id of the RunInstances call that made it.</summary>
        public string ReservationId { get; set; } = "";

        /// <summary>The image it was launched from.</summary>
        public string ImageId { get; set; } = "";

        /// <summary>The instance type.</summary>
        public string InstanceType { get; set; } = "t2.micro";

        /// <summary>The index within its launch.</summary>
        public int AmiLaunchIndex { get; set; }

        /// <summary>When it was launched.</summary>
        public DateTimeOffset LaunchTime { get; set; }

        /// <summary>Order of creation, for stable listing.</summary>
        public long Sequence { get; set; }

        /// <summary>The state it was last put in: pending, running, stopped or terminated.</summary>
        public string State { get; set; } = "pending";

        /// <summary>A pending instance is running from this moment (instancePendingMs).</summary>
        public DateTimeOffset RunningAt { get; set; }

        /// <summary>Its tags: the caller's, and AWS's own (aws:...) from a launch template, an Auto Scaling group or a stack.</summary>
        public List<TagEntity> Tags { get; set; } = new List<TagEntity>();
    }
}
