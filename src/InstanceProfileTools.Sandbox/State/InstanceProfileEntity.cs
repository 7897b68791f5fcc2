using System;
using System.Collections.Generic;

namespace InstanceProfileTools.Sandbox.State
{
    /// <summary>An IAM instance profile as stored, with what EC2 sees of it while changes propagate.</summary>
    public sealed class InstanceProfileEntity
    {
        /// <summary>The profile name (unique, compared without case as IAM does).</summary>
        public string InstanceProfileName { get; set; } = "";

        /// <summary>The path, "/" by default.</summary>
        public string Path { get; set; } = "/";

        /// <summary>The AIPA... id.</summary>
        public string InstanceProfileId { get; set; } = "";

        /// <summary>The profile ARN.</summary>
        public string Arn { get; set; } = "";

        /// <summary>When it was created.</summary>
        public DateTimeOffset CreateDate { get; set; }

        /// <summary>Until this moment EC2 does not know the profile (profilePropagationMs).</summary>
        public DateTimeOffset VisibleToEc2At { get; set; }

        /// <summary>The role names IAM holds now (at most one).</summary>
        public List<string> RoleNames { get; set; } = new List<string>();

        /// <summary>The role names EC2 still sees until <see cref="RolesVisibleToEc2At"/> (roleOnProfilePropagationMs).</summary>
        public List<string> PreviousRoleNames { get; set; } = new List<string>();

        /// <summary>From this moment EC2 sees <see cref="RoleNames"/> rather than <see cref="PreviousRoleNames"/>.</summary>
        public DateTimeOffset RolesVisibleToEc2At { get; set; }

        /// <summary>The role names EC2 sees at <paramref name="now"/>: the previous set until a role change has propagated.</summary>
        public List<string> RolesSeenByEc2(DateTimeOffset now) => now < RolesVisibleToEc2At ? PreviousRoleNames : RoleNames;

        /// <summary>The profile's tags.</summary>
        public List<TagEntity> Tags { get; set; } = new List<TagEntity>();

        /// <summary>IAM reads answered while propagating, to alternate them when reads flap.</summary>
        public int IamReadsWhilePropagating { get; set; }

        /// <summary>Associate/Replace calls refused while propagating, to alternate the error variants.</summary>
        public int Ec2RejectionsWhilePropagating { get; set; }

        /// <summary>EC2 lookups answered while propagating, to alternate them when reads flap.</summary>
        public int Ec2LookupsWhilePropagating { get; set; }
    }
}
