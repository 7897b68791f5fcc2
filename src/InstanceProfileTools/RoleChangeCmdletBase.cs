using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using InstanceProfileTools.Core;
using InstanceProfileTools.Core.Journal;
using InstanceProfileTools.Core.Moves;

namespace InstanceProfileTools
{
    /// <summary>
    /// A cmdlet that moves many instances through a Core <see cref="Rollout"/>: it declares the fleet parameters, hands
    /// each instance over as the pipeline brings it, and is the rollout's host on the pipeline thread, writing every
    /// message (with progress) as it comes. Ctrl+C starts no further instance; those in flight finish their call, the
    /// engine journals them, and the console is told which never started.
    /// </summary>
    public abstract class RoleChangeCmdletBase : InstanceChangeCmdletBase
    {
        private readonly CancellationTokenSource _stopStarting = new();
        private Rollout? _rollout;
        private int? _wave;
        private bool _inputEnded;
        private int _submitted;
        private int _succeeded;
        private int _failed;

        /// <summary>How many instances are changed at once.</summary>
        [Parameter]
        [ValidateRange(1, 256)]
        public int ThrottleLimit { get; set; } = RoleChangeRunner.DefaultThrottleLimit;

        /// <summary>The progress activity's title: the command's name as invoked.</summary>
        protected string Activity => MyInvocation.MyCommand.Name;

        /// <summary>The progress activity's id.</summary>
        protected abstract int ProgressActivityId { get; }

        /// <summary>What an error that stops the whole run (no target profile, a halted rollout) is about.</summary>
        protected abstract object? RunTarget { get; }

        /// <summary>Builds the command's rollout on its first instance; <paramref name="stop"/> is Ctrl+C.</summary>
        protected abstract Rollout CreateRollout(CancellationToken stop);

        /// <summary>Hands an instance to the rollout, which writes whatever reports have come in.</summary>
        protected void Submit(string instanceId)
        {
            _rollout ??= CreateRollout(_stopStarting.Token);
            _submitted++;
            Drive(() => _rollout.Add(instanceId));
        }

        protected override void EndProcessing()
        {
            _inputEnded = true;
            try
            {
                if (_rollout is not null) Drive(_rollout.Complete);
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
                // Instances in flight finish their call even after Ctrl+C: none is left without the profile it had.
                _stopStarting.Cancel();
                if (_rollout is not null)
                {
                    _rollout.Dispose();
                    TellStopped(_rollout.Interrupted.NotStarted, _rollout.Interrupted.InFlight);
                }

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
            if (WhatIfInForce)
            {
                return true;
            }

            if (MyInvocation.BoundParameters.TryGetValue("Confirm", out object? confirm))
            {
                return LanguagePrimitives.IsTrue(confirm);
            }

            return GetVariableValue("ConfirmPreference") is ConfirmImpact preference && preference != ConfirmImpact.None && preference <= ConfirmImpact.Medium;
        }

        /// <summary>The rollout's host: this cmdlet, behind a nested type so that loading the cmdlet class needs no Core type.</summary>
        protected IRolloutHost RolloutHost => new PipelineHost(this);

        /// <summary>The wave's health check (none by default: every wave passes).</summary>
        protected virtual string? CheckHealth(IReadOnlyList<RoleChangeResult> wave, int waveNumber) => null;

        /// <summary>Writes one message of the rollout, on the pipeline thread: a report, with progress, or a log line.</summary>
        protected override void Write(HostMessage message, int? wave)
        {
            if (Stopping)
            {
                return;
            }

            if (message.Report is not { } report)
            {
                base.Write(message, wave);
                return;
            }

            _wave = wave;
            switch (report.Kind)
            {
                case RoleChangeEventKind.RunFailed:
                    CompleteProgress();
                    ThrowTerminatingError(ToErrorRecord(report.Error!, RunTarget));
                    break;
                case RoleChangeEventKind.JournalFailed:
                    // Not terminating: the instances in flight finish and every change made is still written.
                    WriteError(ToErrorRecord(report.Error!, report.Error!.Target));
                    break;
                case RoleChangeEventKind.Finished:
                    RoleChangeResult result = report.Result!;
                    if (result.Succeeded) _succeeded++; else _failed++;
                    RoleChange change = RoleChangeMapping.ToRoleChange(result);
                    change.Wave = wave;
                    WriteObject(change);
                    if (result.Error is InstanceProfileToolsException error)
                    {
                        WriteError(ToErrorRecord(error, result.InstanceId));
                    }

                    break;
            }

            WriteProgress(Progress());
        }

        // PowerShell reflects over cmdlet classes as it imports the module, before Core can be resolved: a Core
        // interface on the class itself would fail that, so the host is this nested adapter.
        private sealed class PipelineHost : IRolloutHost
        {
            private readonly RoleChangeCmdletBase _cmdlet;

            public PipelineHost(RoleChangeCmdletBase cmdlet)
            {
                _cmdlet = cmdlet;
            }

            public HostChannel Channel => _cmdlet.Channel;

            public void Write(HostMessage message, int? wave) => _cmdlet.Write(message, wave);

            public string? CheckHealth(IReadOnlyList<RoleChangeResult> wave, int waveNumber) => _cmdlet.CheckHealth(wave, waveNumber);
        }

        // A rollout that halts ends the command; anything else Core throws is per item and already reported.
        private void Drive(Action step)
        {
            try
            {
                step();
            }
            catch (InstanceProfileToolsException halted) when (halted.ErrorId == ErrorIds.RolloutHalted)
            {
                CompleteProgress();
                ThrowTerminatingError(ToErrorRecord(halted, RunTarget));
            }
        }

        // After Ctrl+C the pipeline takes no warning: the host is told directly.
        private void TellStopped(IReadOnlyList<string> notStarted, int inFlight)
        {
            if (!Stopping || (notStarted.Count == 0 && inFlight == 0))
            {
                return;
            }

            string names = string.Join(", ", notStarted.Take(20)) + (notStarted.Count > 20 ? $" and {notStarted.Count - 20} more" : string.Empty);
            string message = $"{Activity} was stopped: {inFlight} instance(s) in flight finished their call" +
                (notStarted.Count == 0 ? "." : $"; {notStarted.Count} never started: {names}.") +
                " Run the command again to finish; instances already moved are left as they are.";
            try
            {
                // A runspace made by [powershell]::Create() has no UI to tell.
                Host?.UI?.WriteWarningLine(message);
            }
            catch (Exception hostGone) when (hostGone is PipelineStoppedException or InvalidOperationException or NotImplementedException)
            {
                // A host without a UI: the journal still holds every change made.
            }
        }

        // The total is known only once the pipeline input has ended; until then there is no percentage.
        private ProgressRecord Progress()
        {
            // A put-back wave reports its instances again: the counts never run past what was submitted.
            string status = $"{_succeeded} done, {_failed} failed, {Math.Max(0, _submitted - _succeeded - _failed)} remaining";
            var progress = new ProgressRecord(ProgressActivityId, Activity, status);
            if (_wave is int wave)
            {
                progress.CurrentOperation = $"wave {wave}";
            }

            if (_inputEnded && _submitted > 0)
            {
                progress.PercentComplete = Math.Min(100, (_succeeded + _failed) * 100 / _submitted);
            }

            return progress;
        }

        private void CompleteProgress()
        {
            if (!Stopping && _submitted > 0)
            {
                ProgressRecord progress = Progress();
                progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(progress);
            }
        }
    }
}
