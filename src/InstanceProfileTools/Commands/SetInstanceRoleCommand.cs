using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using InstanceProfileTools.Completers;
using InstanceProfileTools.Core;
using InstanceProfileTools.Core.RoleChange;
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
    public sealed class SetInstanceRoleCommand : InstanceProfileCmdletBase
    {
        private const string ByRoleSet = "ByRole";
        private const string ByProfileSet = "ByInstanceProfile";
        private const int ProgressActivityId = 4;

        private readonly CancellationTokenSource _stopStarting = new();
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
        private RoleChangeEngine? _engine;
        private RoleChangeRunner? _runner;
        private bool _plansFirst;
        private bool _inputEnded;
        private int _submitted;
        private int _succeeded;
        private int _failed;

        /// <summary>The instances to change; strings, or objects with an InstanceId property, from the pipeline.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(InstanceIdCompleter))]
        public string[] InstanceId { get; set; } = Array.Empty<string>();

        /// <summary>
        /// Mutating EC2 calls a second for the whole command, below AWS's own rates, to leave the account's request
        /// bucket to others; by default only AWS's documented rates apply.
        /// </summary>
        [Parameter]
        [ValidateRange(Defaults.MinRequestRate, Defaults.MaxRequestRate)]
        public double MaxRequestRate { get; set; }

        protected override double? MaxMutatingRate => MyInvocation.BoundParameters.ContainsKey(nameof(MaxRequestRate)) ? MaxRequestRate : null;

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

        /// <summary>Leave a failed change as it is instead of putting the previous profile back.</summary>
        [Parameter]
        public SwitchParameter NoRollback { get; set; }

        /// <summary>Seconds to retry while EC2 does not know the profile or its role yet (and while throttled).</summary>
        [Parameter]
        [ValidateRange(1, Defaults.MaxTimeoutSeconds)]
        public int PropagationTimeout { get; set; } = Defaults.PropagationTimeoutSeconds;

        /// <summary>Seconds to wait for an association to settle or become associated.</summary>
        [Parameter]
        [ValidateRange(1, Defaults.MaxTimeoutSeconds)]
        public int Timeout { get; set; } = Defaults.WaitTimeoutSeconds;

        /// <summary>How many instances are changed at once.</summary>
        [Parameter]
        [ValidateRange(1, 256)]
        public int ThrottleLimit { get; set; } = RoleChangeRunner.DefaultThrottleLimit;

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
            });
            _plansFirst = ShouldProcessAsksFirst();
        }

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

                if (Approved(instanceId))
                {
                    Runner.Add(instanceId);
                    _submitted++;
                }

                Drain(untilFinished: false);
            }
        }

        protected override void EndProcessing()
        {
            if (_runner is null)
            {
                return;
            }

            try
            {
                _runner.CompleteAdding();
                _inputEnded = true;
                Drain(untilFinished: true);
            }
            finally
            {
                CompleteProgress();
            }
        }

        protected override void StopProcessing()
        {
            _stopStarting.Cancel();
            base.StopProcessing();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                // Instances in flight finish (or roll back) even after Ctrl+C: none is left half changed.
                _stopStarting.Cancel();
                _runner?.Dispose();
                _stopStarting.Dispose();
            }

            base.Dispose(disposing);
        }

        private RoleChangeRunner Runner => _runner ??= _engine!.StartRunner(ThrottleLimit, _stopStarting.Token, CancellationToken.None);

        // Under -WhatIf or -Confirm each instance's plan is read first, so that the message says what would change.
        private bool Approved(string instanceId)
        {
            if (!_plansFirst)
            {
                return ShouldProcess(instanceId, $"Set the instance's role to {TargetText()}");
            }

            try
            {
                Run(token => _engine!.FindTargetAsync(token));
            }
            catch (InstanceProfileToolsException noTarget)
            {
                ThrowTerminatingError(ToErrorRecord(noTarget, TargetName));
            }

            RoleChangePlan? plan = null;
            ForEachItem(instanceId, () => plan = Run(token => _engine!.PlanAsync(instanceId, token)));
            return plan is not null && ShouldProcess(instanceId, plan.Describe());
        }

        private string? TargetName => RoleName ?? InstanceProfileName;

        private string TargetText() => RoleName is not null ? $"role '{RoleName}'" : $"instance profile '{InstanceProfileName}'";

        private void Drain(bool untilFinished)
        {
            RoleChangeRunner? runner = _runner;
            if (runner is null)
            {
                return;
            }

            while (true)
            {
                while (runner.TryRead(out RoleChangeEvent report))
                {
                    Handle(report);
                }

                if (!Stopping)
                {
                    DrainLog();
                }

                if (!untilFinished || runner.IsFinished)
                {
                    break;
                }

                // Core's log has its own queue: wake now and then for it even when no instance finishes.
                runner.Signal.WaitOne(TimeSpan.FromMilliseconds(200));
            }

            while (untilFinished && runner.TryRead(out RoleChangeEvent late))
            {
                Handle(late);
            }
        }

        private void Handle(RoleChangeEvent report)
        {
            // After Ctrl+C PowerShell refuses writes; the instances in flight are still waited for.
            if (Stopping)
            {
                return;
            }

            switch (report.Kind)
            {
                case RoleChangeEventKind.RunFailed:
                    CompleteProgress();
                    ThrowTerminatingError(ToErrorRecord(report.Error!, TargetName));
                    break;
                case RoleChangeEventKind.Finished:
                    RoleChangeResult result = report.Result!;
                    if (result.Succeeded) _succeeded++; else _failed++;
                    WriteObject(RoleChangeMapping.ToRoleChange(result));
                    if (result.Error is InstanceProfileToolsException error)
                    {
                        WriteError(ToErrorRecord(error, result.InstanceId));
                    }

                    break;
            }

            WriteProgress(Progress());
        }

        private string Status() =>
            $"{_succeeded} done, {_failed} failed, {_submitted - _succeeded - _failed} remaining";

        // The total is known only once the pipeline input has ended; until then there is no percentage.
        private ProgressRecord Progress()
        {
            var progress = new ProgressRecord(ProgressActivityId, "Set-InstanceRole", Status());
            if (_inputEnded && _submitted > 0)
            {
                progress.PercentComplete = (_succeeded + _failed) * 100 / _submitted;
            }

            return progress;
        }

        private void CompleteProgress()
        {
            if (!Stopping && _runner is not null)
            {
                ProgressRecord progress = Progress();
                progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(progress);
            }
        }

        // ShouldProcess answers at once unless -WhatIf or -Confirm (or their preference variables) are in force.
        private bool ShouldProcessAsksFirst()
        {
            if (MyInvocation.BoundParameters.TryGetValue("WhatIf", out object? whatIf))
            {
                if (LanguagePrimitives.IsTrue(whatIf)) return true;
            }
            else if (LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference")))
            {
                return true;
            }

            if (MyInvocation.BoundParameters.TryGetValue("Confirm", out object? confirm))
            {
                return LanguagePrimitives.IsTrue(confirm);
            }

            return GetVariableValue("ConfirmPreference") is ConfirmImpact preference && preference != ConfirmImpact.None && preference <= ConfirmImpact.Medium;
        }
    }
}
