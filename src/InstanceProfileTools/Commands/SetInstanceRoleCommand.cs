using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using InstanceProfileTools.Completers;
using InstanceProfileTools.HealthChecks;
using InstanceProfileTools.Core;
using InstanceProfileTools.Core.Ec2;
using InstanceProfileTools.Core.Moves;
using InstanceProfileTools.Core.Validation;

namespace InstanceProfileTools.Commands
{
    /// <summary>
    /// Set-InstanceRole: the safe role change (DESIGN.md, section 4). Moves each instance to an instance profile
    /// holding the role, by an atomic replace, waits and verifies, and rolls back on failure. Instances start as
    /// their ids arrive from the pipeline, up to -ThrottleLimit at once; results stream as each finishes.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "InstanceRole", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByRoleSet)]
    [OutputType(typeof(RoleChange))]
    public sealed class SetInstanceRoleCommand : RoleChangeCmdletBase
    {
        private const string ByRoleSet = "ByRole";
        private const string ByProfileSet = "ByInstanceProfile";

        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
        private readonly List<string> _toPlan = new();
        private RoleChangeEngine? _engine;
        private bool _plansFirst;

        /// <summary>The instances to change; strings, or objects with an InstanceId property, from the pipeline.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(InstanceIdCompleter))]
        public string[] InstanceId { get; set; } = Array.Empty<string>();

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

        /// <summary>Move this many instances first, as wave 1, and check them before any other.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Canary { get; set; }

        /// <summary>After the canary, move the rest in waves of this many.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int WaveSize { get; set; }

        /// <summary>
        /// Run after each wave with the wave's RoleChange objects as its argument; it passes only on one or more $true
        /// and nothing else; anything else, an error or a timeout fails the check, stops the rollout and puts the wave back.
        /// </summary>
        [Parameter]
        [ValidateNotNull]
        public ScriptBlock? HealthCheck { get; set; }

        /// <summary>Seconds the health check may take before it counts as failed.</summary>
        [Parameter]
        [ValidateRange(1, Defaults.MaxTimeoutSeconds)]
        public int HealthCheckTimeout { get; set; } = 300;

        /// <summary>Seconds to wait after a wave's check passed, before the next wave starts.</summary>
        [Parameter]
        [ValidateRange(0, Defaults.MaxTimeoutSeconds)]
        public int WavePause { get; set; }

        /// <summary>Failed instances the rollout tolerates; one more stops it and puts the wave back.</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int MaxFailures { get; set; }

        protected override int ProgressActivityId => 4;

        protected override object? RunTarget => RoleName ?? InstanceProfileName;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            ValidateParameter(() =>
            {
                if (RoleName is not null) Validate.RoleName(RoleName);
                if (InstanceProfileName is not null) Validate.InstanceProfileName(InstanceProfileName);
            });
            _engine = new RoleChangeEngine(Context, new RoleChangeOptions
            {
                RoleName = RoleName,
                InstanceProfileName = InstanceProfileName,
                NoCreate = NoCreate.IsPresent,
                NoRollback = NoRollback.IsPresent,
                PropagationTimeout = TimeSpan.FromSeconds(PropagationTimeout),
                Timeout = TimeSpan.FromSeconds(Timeout),
            }, WhatIfInForce ? null : RunJournal);
            _plansFirst = ShouldProcessAsksFirst();
        }

        // Any rollout parameter makes a rollout; without them the command streams as it always has.
        private bool InWaves =>
            new[] { nameof(Canary), nameof(WaveSize), nameof(HealthCheck), nameof(MaxFailures) }.Any(MyInvocation.BoundParameters.ContainsKey);

        protected override void ProcessRecord()
        {
            foreach (string instanceId in InstanceId)
            {
                try
                {
                    Validate.InstanceId(instanceId);
                }
                catch (InputValidationException invalid)
                {
                    WriteError(ToErrorRecord(invalid, instanceId));
                    continue;
                }

                // Two changes of one instance at once would race each other; the second adds nothing.
                if (!_seen.Add(instanceId))
                {
                    WriteVerbose($"Instance {instanceId} was given more than once; it is changed once.");
                    continue;
                }

                if (!_plansFirst)
                {
                    if (ShouldProcess(instanceId, $"Set the instance's role to {TargetText()}")) Submit(instanceId);
                    continue;
                }

                _toPlan.Add(instanceId);
                if (_toPlan.Count == AssociationReader.MaxIdsPerCall) PlanAndAsk();
            }
        }

        protected override void EndProcessing()
        {
            PlanAndAsk();
            base.EndProcessing();
        }

        protected override Rollout CreateRollout(CancellationToken stop) =>
            new(_engine!, (channel, token) => _engine!.StartRunner(ThrottleLimit, channel, token, CancellationToken.None), new RolloutOptions
            {
                ThrottleLimit = ThrottleLimit,
                Waves = InWaves ? new Waves(Canary, MyInvocation.BoundParameters.ContainsKey(nameof(WaveSize)) ? WaveSize : null) : null,
                MaxFailures = MaxFailures,
                WavePause = TimeSpan.FromSeconds(WavePause),
                NoRollback = NoRollback.IsPresent,
            }, RolloutHost, stop);

        /// <summary>The wave's -HealthCheck, run here on the pipeline thread; it sees what the pipeline saw.</summary>
        protected override string? CheckHealth(IReadOnlyList<RoleChangeResult> wave, int waveNumber)
        {
            if (HealthCheck is null)
            {
                return null;
            }

            RoleChange[] changes = wave.Select(RoleChangeMapping.ToRoleChange).ToArray();
            foreach (RoleChange change in changes) change.Wave = waveNumber;
            return new HealthCheckRun(this, HealthCheck, TimeSpan.FromSeconds(HealthCheckTimeout)).Failure(changes);
        }

        // Under -WhatIf or -Confirm the plans are read first, 200 instances a read, so that each message says what
        // would change.
        private void PlanAndAsk()
        {
            if (_toPlan.Count == 0)
            {
                return;
            }

            string[] batch = _toPlan.ToArray();
            _toPlan.Clear();
            try
            {
                Run(token => _engine!.FindTargetAsync(token));
            }
            catch (InstanceProfileToolsException noTarget)
            {
                ThrowTerminatingError(ToErrorRecord(noTarget, RunTarget));
            }

            IReadOnlyList<RoleChangePlan> plans;
            try
            {
                plans = Run(token => _engine!.PlanAsync(batch, token));
            }
            catch (InstanceProfileToolsException failure)
            {
                foreach (string instanceId in batch) WriteError(ToErrorRecord(failure, instanceId));
                return;
            }

            foreach (RoleChangePlan plan in plans)
            {
                if (ShouldProcess(plan.InstanceId, plan.Describe())) Submit(plan.InstanceId);
            }
        }

        private string TargetText() => RoleName is not null ? $"role '{RoleName}'" : $"instance profile '{InstanceProfileName}'";
    }
}
