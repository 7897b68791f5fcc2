using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using InstanceProfileTools.Completers;
using InstanceProfileTools.Core;
using InstanceProfileTools.Core.Estate;
using InstanceProfileTools.Core.Moves;
using InstanceProfileTools.Core.Validation;

namespace InstanceProfileTools.Commands
{
    /// <summary>
    /// Set-InstanceRole: the safe role change (DESIGN.md, section 4). Moves each instance to an instance profile
    /// holding the role, by an atomic replace, waits and verifies, and rolls back on failure. Instances start as
    /// their ids arrive from the pipeline, up to -ThrottleLimit at once, or in waves; results stream as each finishes.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "InstanceRole", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByRoleSet)]
    [OutputType(typeof(RoleChange))]
    public sealed partial class SetInstanceRoleCommand : RoleChangeCmdletBase
    {
        private const string ByRoleSet = "ByRole";
        private const string ByProfileSet = "ByInstanceProfile";

        private RoleChangeOptions? _options;

        /// <summary>The instances to change; strings, or objects with an InstanceId property, from the pipeline.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(InstanceIdCompleter))]
        public string[] InstanceId { get; set; } = Array.Empty<string>();

        /// <summary>The regions the instances are in: several, or * for every region enabled; objects from the pipeline bring theirs.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public override string[]? Region { get; set; }

        /// <summary>The role the instances should run with; the profile holding it is found or created.</summary>
        [Parameter(ParameterSetName = ByRoleSet, Mandatory = true, Position = 1)]
        [ArgumentCompleter(typeof(RoleNameCompleter))]
        public string? RoleName { get; set; }

        /// <summary>The existing instance profile the instances should run with.</summary>
        [Parameter(ParameterSetName = ByProfileSet, Mandatory = true)]
        [ArgumentCompleter(typeof(InstanceProfileNameCompleter))]
        public string? InstanceProfileName { get; set; }

        /// <summary>Fail rather than create a profile when none holds the role.</summary>
        [Parameter(ParameterSetName = ByRoleSet)]
        public SwitchParameter NoCreate { get; set; }

        /// <summary>Leave a failed change as it is instead of putting the previous profile back (a failed wave's too).</summary>
        [Parameter]
        public SwitchParameter NoRollback { get; set; }

        /// <summary>Go ahead even when the role's trust policy does not let EC2 assume it (RoleNotAssumableByEc2).</summary>
        [Parameter]
        public SwitchParameter SkipTrustCheck { get; set; }

        protected override int ProgressActivityId => 4;

        protected override object? RunTarget => RoleName ?? InstanceProfileName;

        protected override bool NoRollbackAfterWave => NoRollback.IsPresent;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            ValidateParameter(() => Validate.RoleOrProfile(RoleName, InstanceProfileName));
            _options = new RoleChangeOptions
            {
                RoleName = RoleName,
                InstanceProfileName = InstanceProfileName,
                NoCreate = NoCreate.IsPresent,
                NoRollback = NoRollback.IsPresent,
                SkipTrustCheck = SkipTrustCheck.IsPresent,
                PropagationTimeout = TimeSpan.FromSeconds(PropagationTimeout),
                Timeout = TimeSpan.FromSeconds(Timeout),
            };
        }

        protected override void ProcessRecord()
        {
            foreach (string instanceId in InstanceId)
            {
                ForEachItem(instanceId, () =>
                {
                    Validate.InstanceId(instanceId);
                    Offer(instanceId, PlacesFor(Region));
                });
            }
        }

        // The target is found or created once per account (IAM is global): the account's first engine resolves it.
        protected override RoleChangeEngine NewEngine(Place place, RoleChangeEngine? sameAccount) =>
            new(place.Context, _options!, JournalIn(place), sameAccount);

        protected override RoleChangeRunner StartRunner(Place place, HostChannel channel, CancellationToken stop) =>
            EngineFor(place).StartRunner(ThrottleLimit, channel, stop, CancellationToken.None);

        // Under -WhatIf or -Confirm each message says what would change: the target first (no target fails the whole
        // command), then the plans, one read for the batch.
        protected override IReadOnlyList<(string InstanceId, string Action)> Describe(Place place, IReadOnlyList<string> instanceIds, bool readPlans)
        {
            if (!readPlans)
            {
                string target = RoleName is not null ? $"role '{RoleName}'" : $"instance profile '{InstanceProfileName}'";
                return instanceIds.Select(id => (id, $"Set the instance's role to {target}")).ToArray();
            }

            try
            {
                Run(token => EngineFor(place).FindTargetAsync(token));
            }
            catch (InstanceProfileToolsException noTarget)
            {
                ThrowTerminatingError(ToErrorRecord(noTarget, RunTarget));
            }

            return Run(token => EngineFor(place).PlanAsync(instanceIds, token)).Select(plan => (plan.InstanceId, plan.Describe())).ToArray();
        }
    }
}
