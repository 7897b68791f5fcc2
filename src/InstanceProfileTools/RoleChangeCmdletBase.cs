using System;
using System.Management.Automation;
using System.Threading;
using InstanceProfileTools.Core;
using InstanceProfileTools.Core.RoleChange;

namespace InstanceProfileTools
{
    /// <summary>
    /// A cmdlet that moves many instances through a <see cref="RoleChangeRunner"/>: it declares the fleet
    /// parameters, hands instances to the runner as the pipeline brings them, and writes the runner's reports,
    /// with progress, on the pipeline thread. Ctrl+C starts no further instance; those in flight finish or roll back.
    /// </summary>
    public abstract class RoleChangeCmdletBase : PropagatingCmdletBase
    {
        private readonly CancellationTokenSource _stopStarting = new();
        private RoleChangeRunner? _runner;
        private bool _inputEnded;
        private int _submitted;
        private int _succeeded;
        private int _failed;

        /// <summary>Seconds to wait for an association to settle or become associated.</summary>
        [Parameter]
        [ValidateRange(1, Defaults.MaxTimeoutSeconds)]
        public int Timeout { get; set; } = Defaults.WaitTimeoutSeconds;

        /// <summary>How many instances are changed at once.</summary>
        [Parameter]
        [ValidateRange(1, 256)]
        public int ThrottleLimit { get; set; } = RoleChangeRunner.DefaultThrottleLimit;

        /// <summary>
        /// Mutating EC2 calls a second for the whole command, below AWS's own rates, to leave the account's request
        /// bucket to others; by default only AWS's documented rates apply.
        /// </summary>
        [Parameter]
        [ValidateRange(Defaults.MinRequestRate, Defaults.MaxRequestRate)]
        public double MaxRequestRate { get; set; }

        protected override double? MaxMutatingRate => MyInvocation.BoundParameters.ContainsKey(nameof(MaxRequestRate)) ? MaxRequestRate : null;

        /// <summary>The progress activity's title and id.</summary>
        protected abstract string Activity { get; }

        protected abstract int ProgressActivityId { get; }

        /// <summary>What an error that stops the whole run (no target profile) is about.</summary>
        protected abstract object? RunTarget { get; }

        /// <summary>The runner, started on first use by <see cref="StartRunner"/>.</summary>
        protected abstract RoleChangeRunner StartRunner(int throttleLimit, CancellationToken stopStarting);

        /// <summary>Hands an instance to the runner and writes whatever reports have come in.</summary>
        protected void Submit(string instanceId)
        {
            _runner ??= StartRunner(ThrottleLimit, _stopStarting.Token);
            _runner.Add(instanceId);
            _submitted++;
            Drain(untilFinished: false);
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

        /// <summary>
        /// Whether ShouldProcess will ask or only tell (-WhatIf, -Confirm or their preference variables), so that
        /// the cmdlet reads its plans first and the message can say what would change.
        /// </summary>
        protected bool ShouldProcessAsksFirst()
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
                    ThrowTerminatingError(ToErrorRecord(report.Error!, RunTarget));
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

        // The total is known only once the pipeline input has ended; until then there is no percentage.
        private ProgressRecord Progress()
        {
            string status = $"{_succeeded} done, {_failed} failed, {_submitted - _succeeded - _failed} remaining";
            var progress = new ProgressRecord(ProgressActivityId, Activity, status);
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
    }
}
