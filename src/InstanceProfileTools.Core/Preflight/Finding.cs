using System.Collections.Generic;

namespace InstanceProfileTools.Core.Preflight
{
    /// <summary>What a preflight check found about a role change.</summary>
    public enum FindingKind
    {
        /// <summary>The role's trust policy keeps EC2 out: the instances would get no credentials.</summary>
        RoleNotAssumable,

        /// <summary>The trust policy lets EC2 in only under conditions the check cannot evaluate.</summary>
        TrustConditional,

        /// <summary>A launch template launches new instances with another profile.</summary>
        LaunchTemplate,

        /// <summary>An Auto Scaling group replaces its instances from its own template or configuration.</summary>
        AutoScalingGroup,

        /// <summary>An Auto Scaling group's members came from a version that is not the template's default.</summary>
        PinnedVersion,

        /// <summary>A CloudFormation stack may put the old profile back on its next update.</summary>
        CloudFormationStack,

        /// <summary>The instance is stopped: it changes by disassociate and associate, not by a replace.</summary>
        Stopped,

        /// <summary>An association of the instance is on its way in or out: the change waits for it.</summary>
        MidAssociation,
    }

    /// <summary>One finding: its kind, what it is about (a role, template, group, stack or instance), the instances concerned, and what to do.</summary>
    public sealed record Finding(FindingKind Kind, string Subject, IReadOnlyList<string> InstanceIds, string Message)
    {
        /// <summary>True when the change would be refused for it (without -SkipTrustCheck).</summary>
        public bool Blocks { get; init; }
    }
}
