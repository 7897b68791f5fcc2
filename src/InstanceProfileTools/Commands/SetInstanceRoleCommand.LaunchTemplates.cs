using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using InstanceProfileTools.Core;
using InstanceProfileTools.Core.Estate;
using InstanceProfileTools.Core.Fleet;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Moves;
using InstanceProfileTools.Core.Preflight;

namespace InstanceProfileTools.Commands
{
    /// <summary>
    /// Set-InstanceRole's last step: a change sticks only if what launches these instances again (a launch template,
    /// an Auto Scaling group, a stack) launches them with the new profile. Each is named once, after the instances.
    /// </summary>
    public sealed partial class SetInstanceRoleCommand
    {
        /// <summary>
        /// Make each launch template that launched these instances launch with the new profile too: a new version with
        /// only the profile changed, made the default, journaled (Undo-InstanceRole puts the old default back).
        /// </summary>
        [Parameter]
        public SwitchParameter UpdateLaunchTemplate { get; set; }

        protected override void EndProcessing()
        {
            base.EndProcessing();
            if (!Stopping && (WhatIfInForce || Submitted > 0))
            {
                var places = OfferedByPlace.ToArray();
                foreach ((Place place, IReadOnlyList<string> instanceIds) in places) KeepTheFleetOnTheRole(place, instanceIds, places.Length > 1 ? $"[{place}] " : string.Empty);
            }
        }

        // Templates and groups are per account and region: each place's are read there. Under -WhatIf the target may
        // not exist yet: it is named as it would be created.
        private void KeepTheFleetOnTheRole(Place place, IReadOnlyList<string> instanceIds, string where)
        {
            TargetProfile target;
            IReadOnlyList<FleetManager> managers;
            RoleChangeEngine engine = EngineFor(place);
            try
            {
                target = (WhatIfInForce ? Run(token => engine.FindTargetAsync(token)) : Run(token => engine.ResolveTargetAsync(token)))
                    ?? TargetProfile.Planned(RoleName!);
                managers = Run(token => FleetManagers.ReadAsync(place.Context.Ec2, instanceIds, token));
            }
            catch (InstanceProfileToolsException unread)
            {
                WriteWarning($"{where}Could not tell which launch templates, Auto Scaling groups or stacks launch these instances: {unread.Message}");
                return;
            }

            if (UpdateLaunchTemplate)
            {
                var update = new LaunchTemplateUpdate(place.Context.Ec2, JournalIn(place));
                managers = managers.Select(manager => Updated(manager, update, target)).ToList();
            }

            foreach (Finding finding in FleetFindings.For(managers, target))
            {
                WriteWarning(where + finding.Message);
            }
        }

        // A template whose default launches with another profile gets a new default; the manager then says so.
        private FleetManager Updated(FleetManager manager, LaunchTemplateUpdate update, TargetProfile target)
        {
            if (manager is not { Kind: ManagerKind.LaunchTemplate, DefaultVersion: { } current } || FleetFindings.Gives(current, target) ||
                !ShouldProcess(current.Describe(), $"Make a new default version with instance profile '{target.Name}' (the default is version {current.VersionNumber}, with {current.InstanceProfile ?? "no instance profile"})"))
            {
                return manager;
            }

            LaunchTemplateVersion? made = null;
            ForEachItem(current.LaunchTemplateId, () =>
            {
                made = Run(token => update.ToAsync(current, target, token));
                WriteVerbose($"Launch template {made.Describe()}: version {made.VersionNumber}, with instance profile '{target.Name}', is the default (it was {current.VersionNumber}).");
            });
            return made is null ? manager : manager with { DefaultVersion = made };
        }
    }
}
