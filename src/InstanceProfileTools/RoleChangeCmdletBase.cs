using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using InstanceProfileTools.Core;
using InstanceProfileTools.Core.Journal;
using InstanceProfileTools.Core.RoleChange;

namespace InstanceProfileTools
{
    /// <summary>
    /// A cmdlet that moves many instances through a <see cref="RoleChangeRunner"/>: it declares the fleet
    /// parameters, hands instances to the runner as the pipeline brings them (or a batch at a time, for waves),
    /// writes the runner's reports, with progress, on the pipeline thread, and appends each to the journal as it
    /// comes. Ctrl+C starts no further instance; those in flight finish or roll back, and are journaled.
    /// </summary>
    public abstract class RoleChangeCmdletBase : PropagatingCmdletBase
    {
        private readonly CancellationTokenSource _stopStarting = new();
        private RoleChangeRunner? _runner;
        private List<RoleChangeResult>? _batch;
        private int? _wave;
        private RunJournal? _runJournal;
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

        /// <summary>Ctrl+C: no further instance or wave starts.</summary>
        protected CancellationToken StopStarting => _stopStarting.Token;

        /// <summary>
        /// Runs <paramref name="instanceIds"/> through <paramref name="runner"/> to the end, writing and journaling each
        /// as it finishes (marked with <paramref name="wave"/>), and answers their results.
        /// </summary>
        protected IReadOnlyList<RoleChangeResult> RunBatch(RoleChangeRunner runner, IReadOnlyList<string> instanceIds, int? wave)
        {
            if (runner is null) throw new ArgumentNullException(nameof(runner));
            if (instanceIds is null) throw new ArgumentNullException(nameof(instanceIds));
            var results = new List<RoleChangeResult>(instanceIds.Count);
            _batch = results;
            _wave = wave;
            RunJournal.Wave = wave;
            try
            {
                foreach (string instanceId in instanceIds)
                {
                    runner.Add(instanceId);
                    _submitted++;
                }

                runner.CompleteAdding();
                Drain(runner, untilFinished: true);
                return results;
            }
            finally
            {
                _batch = null;
                int inFlight = runner.InFlight;
                runner.Dispose();
                TellStopped(runner.NotStartedIds, inFlight);
            }
        }

        /// <summary>Hands an instance to the runner and writes whatever reports have come in.</summary>
        protected void Submit(string instanceId)
        {
            _runner ??= StartRunner(ThrottleLimit, _stopStarting.Token);
            _runner.Add(instanceId);
            _submitted++;
            Drain(_runner, untilFinished: false);
        }

        protected override void EndProcessing()
        {
            _inputEnded = true;
            try
            {
                if (_runner is not null)
                {
                    _runner.CompleteAdding();
                    Drain(_runner, untilFinished: true);
                }
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
                // Instances in flight finish their call (and, where needed, their rollback) even after Ctrl+C: none is
                // left without the profile it had, and the engine journals each as it ends.
                _stopStarting.Cancel();
                if (_runner is not null)
                {
                    int inFlight = _runner.InFlight;
                    _runner.Dispose();
                    TellStopped(_runner.NotStartedIds, inFlight);
                }

                _stopStarting.Dispose();
            }

            base.Dispose(disposing);
        }

        /// <summary>The journal every change of the command goes to, built on first use.</summary>
        protected RunJournal RunJournal => _runJournal ??= NewRunJournal(Activity);

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
                Host.UI.WriteWarningLine(message);
            }
            catch (Exception hostGone) when (hostGone is PipelineStoppedException or InvalidOperationException or NotImplementedException)
            {
                // A host without a UI: the journal still holds every change made.
            }
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

        private void Drain(RoleChangeRunner runner, bool untilFinished)
        {
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
            if (report.Kind == RoleChangeEventKind.Finished)
            {
                _batch?.Add(report.Result!);
            }

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
                case RoleChangeEventKind.JournalFailed:
                    // Not terminating: the instances in flight finish and every change made is still written.
                    WriteError(ToErrorRecord(report.Error!, report.Error!.Target));
                    break;
                case RoleChangeEventKind.Finished:
                    RoleChangeResult result = report.Result!;
                    if (result.Succeeded) _succeeded++; else _failed++;
                    RoleChange change = RoleChangeMapping.ToRoleChange(result);
                    change.Wave = _wave;
                    WriteObject(change);
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
            if (_wave is int wave)
            {
                progress.CurrentOperation = $"wave {wave}";
            }

            if (_inputEnded && _submitted > 0)
            {
                progress.PercentComplete = (_succeeded + _failed) * 100 / _submitted;
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
