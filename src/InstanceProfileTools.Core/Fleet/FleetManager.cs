using System.Collections.Generic;
using InstanceProfileTools.Core.Model;

namespace InstanceProfileTools.Core.Fleet
{
    /// <summary>What launches or owns an instance besides the user, and may launch it again with the old role.</summary>
    public enum ManagerKind
    {
        /// <summary>A launch template (the tags aws:ec2launchtemplate:id and :version).</summary>
        LaunchTemplate,

        /// <summary>An Auto Scaling group (aws:autoscaling:groupName).</summary>
        AutoScalingGroup,

        /// <summary>A CloudFormation stack (aws:cloudformation:stack-name).</summary>
        CloudFormationStack,
    }

    /// <summary>
    /// One launch template, Auto Scaling group or stack, with the instances of a run it manages. For a template, its
    /// default version (null when it could not be read); for a group, the templates and versions its members came from.
    /// </summary>
    public sealed record FleetManager(ManagerKind Kind, string Name, IReadOnlyList<string> InstanceIds)
    {
        /// <summary>A template's default version: the profile its next instances get.</summary>
        public LaunchTemplateVersion? DefaultVersion { get; init; }

        /// <summary>For a group: each template id its members were launched from, with the version numbers they carry.</summary>
        public IReadOnlyDictionary<string, IReadOnlyCollection<long>> LaunchedFrom { get; init; } = new Dictionary<string, IReadOnlyCollection<long>>();
    }
}
