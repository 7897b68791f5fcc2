using System.Globalization;

namespace InstanceProfileTools.Core.Moves
{
    /// <summary>What a role change would do to one instance, found by reads alone (for -WhatIf and -Confirm).</summary>
    public sealed record RoleChangePlan
    {
        public RoleChangePlan(string instanceId)
        {
            InstanceId = instanceId;
        }

        public string InstanceId { get; }

        /// <summary>The profile the instance runs with now; null when it has none.</summary>
        public string? CurrentInstanceProfileArn { get; init; }

        /// <summary>The role that profile holds, when it could be read.</summary>
        public string? CurrentRoleName { get; init; }

        /// <summary>The target profile's name (the role's name when it would be created).</summary>
        public string TargetInstanceProfileName { get; init; } = string.Empty;

        /// <summary>The target's ARN; null when the profile does not exist yet.</summary>
        public string? TargetInstanceProfileArn { get; init; }

        public string TargetRoleName { get; init; } = string.Empty;

        /// <summary>True when the run would create the target profile.</summary>
        public bool ProfileWouldBeCreated { get; init; }

        /// <summary>How the change would be made; <see cref="RoleChangeMethod.None"/> when nothing would change.</summary>
        public RoleChangeMethod Method { get; init; }

        /// <summary>One line for a person: from what to what, and how.</summary>
        public string Describe()
        {
            string current = CurrentInstanceProfileArn is null
                ? "no instance profile"
                : string.Format(CultureInfo.InvariantCulture, "instance profile {0} (role '{1}')", CurrentInstanceProfileArn, CurrentRoleName ?? "unknown");
            string target = string.Format(CultureInfo.InvariantCulture, "instance profile '{0}' with role '{1}'{2}",
                TargetInstanceProfileName, TargetRoleName, ProfileWouldBeCreated ? " (to be created)" : string.Empty);
            return Method switch
            {
                RoleChangeMethod.None => $"Keep {current}: it is already the target; nothing to change",
                RoleChangeMethod.Associate => $"Associate {target} (the instance has no instance profile)",
                RoleChangeMethod.DisassociateAssociate => $"Disassociate {current}, then associate {target} (the instance is stopped)",
                _ => $"Replace {current} with {target}, atomically",
            };
        }
    }
}
