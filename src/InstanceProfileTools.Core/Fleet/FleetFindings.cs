using System;
using System.Collections.Generic;
using System.Linq;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Moves;
using InstanceProfileTools.Core.Preflight;

namespace InstanceProfileTools.Core.Fleet
{
    /// <summary>What the templates, groups and stacks of a run mean for a change to <see cref="TargetProfile"/>: one finding each.</summary>
    public static class FleetFindings
    {
        public static IEnumerable<Finding> For(IReadOnlyList<FleetManager> managers, TargetProfile target)
        {
            if (managers is null) throw new ArgumentNullException(nameof(managers));
            if (target is null) throw new ArgumentNullException(nameof(target));
            Dictionary<string, LaunchTemplateVersion> defaults = managers
                .Where(manager => manager.DefaultVersion is not null)
                .ToDictionary(manager => manager.Name, manager => manager.DefaultVersion!, StringComparer.Ordinal);
            foreach (FleetManager manager in managers)
            {
                string instances = $"{manager.InstanceIds.Count} instance(s) of this run ({Names(manager.InstanceIds)})";
                switch (manager.Kind)
                {
                    case ManagerKind.LaunchTemplate when manager.DefaultVersion is { } version && !Gives(version, target):
                        yield return new Finding(FindingKind.LaunchTemplate, manager.Name, manager.InstanceIds,
                            $"Launch template {version.Describe()} launched {instances}; its default version {version.VersionNumber} launches new instances with " +
                            $"{ProfileText(version)}, so the next scale-out or instance refresh brings the old role back. " +
                            $"-UpdateLaunchTemplate makes a new default version with instance profile '{target.Name}'.");
                        break;
                    case ManagerKind.AutoScalingGroup:
                        // A group launches from its template (or a launch configuration, which carries no tag): one
                        // whose templates all launch with the target needs nothing, unless it names an old version.
                        bool launchesTarget = manager.LaunchedFrom.Count > 0 &&
                            manager.LaunchedFrom.Keys.All(id => defaults.TryGetValue(id, out LaunchTemplateVersion? d) && Gives(d, target));
                        if (!launchesTarget)
                        {
                            yield return new Finding(FindingKind.AutoScalingGroup, manager.Name, manager.InstanceIds,
                                $"Auto Scaling group '{manager.Name}' owns {instances}: it replaces them from its launch template or configuration, " +
                                "not from this change; update that too (-UpdateLaunchTemplate for a launch template).");
                        }

                        foreach (KeyValuePair<string, IReadOnlyCollection<long>> launched in manager.LaunchedFrom)
                        {
                            if (defaults.TryGetValue(launched.Key, out LaunchTemplateVersion? current) && launched.Value.Any(v => v != current.VersionNumber))
                            {
                                yield return new Finding(FindingKind.PinnedVersion, manager.Name, manager.InstanceIds,
                                    $"Auto Scaling group '{manager.Name}' launched instances from version(s) {string.Join(", ", launched.Value)} of launch template " +
                                    $"{current.Describe()}, whose default is version {current.VersionNumber} (with {ProfileText(current)}): if the group names a " +
                                    $"numbered version rather than $Default or $Latest, it keeps launching that one; point it at version {current.VersionNumber}.");
                            }
                        }

                        break;
                    case ManagerKind.CloudFormationStack:
                        yield return new Finding(FindingKind.CloudFormationStack, manager.Name, manager.InstanceIds,
                            $"CloudFormation stack '{manager.Name}' created {instances}: a stack update may put the old instance profile back; " +
                            $"change the profile in the stack's template to '{target.Name}' too.");
                        break;
                }
            }
        }

        /// <summary>True when the version already launches with the target profile.</summary>
        public static bool Gives(LaunchTemplateVersion version, TargetProfile target) =>
            RoleChangeCalls.SameProfile(version.InstanceProfileArn, target.Arn) ||
            string.Equals(version.InstanceProfileName, target.Name, StringComparison.Ordinal);

        private static string ProfileText(LaunchTemplateVersion version) =>
            version.InstanceProfile is { } profile ? $"instance profile '{profile}'" : "no instance profile";

        private static string Names(IReadOnlyList<string> ids) =>
            string.Join(", ", ids.Take(10)) + (ids.Count > 10 ? $" and {ids.Count - 10} more" : string.Empty);
    }
}
