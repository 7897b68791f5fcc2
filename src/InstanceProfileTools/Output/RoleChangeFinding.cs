using System;

namespace InstanceProfileTools
{
    /// <summary>One finding of Test-InstanceRole: what a change to the role would meet, and what to do about it.</summary>
    public sealed class RoleChangeFinding
    {
        /// <summary>RoleNotAssumable, TrustConditional, LaunchTemplate, AutoScalingGroup, PinnedVersion, CloudFormationStack, Stopped or MidAssociation.</summary>
        public string Kind { get; set; } = string.Empty;

        /// <summary>What it is about: the role, the template, group or stack, or the instance.</summary>
        public string Subject { get; set; } = string.Empty;

        /// <summary>The instances it concerns.</summary>
        public string[] InstanceId { get; set; } = Array.Empty<string>();

        /// <summary>True when Set-InstanceRole would refuse the change for it (without -SkipTrustCheck).</summary>
        public bool Blocks { get; set; }

        public string Message { get; set; } = string.Empty;

        public override string ToString() => Message;
    }
}
