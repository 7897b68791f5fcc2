using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using InstanceProfileTools.Core;
using InstanceProfileTools.Core.Estate;
using InstanceProfileTools.Core.Journal;
using InstanceProfileTools.Core.Moves;
using InstanceProfileTools.HealthChecks;

namespace InstanceProfileTools
{
    /// <summary>
    /// A cmdlet that moves many instances through a Core <see cref="Rollout"/>: it declares the fleet and rollout
    /// parameters, asks ShouldProcess for each instance (reading plans first, 200 a read, when the message must say
    /// what would change), hands the approved ones over as the pipeline brings them, and is the rollout's host on the
    /// pipeline thread, writing every message (with progress) as it comes. Ctrl+C starts no further instance; those in
    /// flight finish their call, the engine journals them, and the console is told which never started.
    /// </summary>
    public abstract class RoleChangeCmdletBase : InstanceChangeCmdletBase
    {
        private readonly CancellationTokenSource _stopStarting = new();
        private readonly HashSet<string> _offered = new(StringComparer.Ordinal);
        private readonly List<string> _toLocate = new();
        private readonly List<(string InstanceId, Place Place)> _toAsk = new();
        private readonly Dictionary<string, Place> _placeOf = new(StringComparer.Ordinal);
        private readonly Dictionary<Place, Rollout> _rollouts = new();
        private readonly Dictionary<Place, RoleChangeEngine> _engines = new();
        private readonly Dictionary<Place, PlaceCount> _counts = new();
        private IReadOnlyList<Place>? _locateIn;
        private bool? _asksFirst;
        private int? _wave;
        private bool _inputEnded;

        /// <summary>How many instances are changed at once.</summary>
        [Parameter]
        [ValidateRange(1, 256)]
        public int ThrottleLimit { get; set; } = RoleChangeRunner.DefaultThrottleLimit;

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

        /// <summary>Every instance offered and found, grouped by the account-region it is in.</summary>
        protected IEnumerable<(Place Place, IReadOnlyList<string> InstanceIds)> OfferedByPlace =>
            _placeOf.GroupBy(pair => pair.Value, pair => pair.Key).Select(group => (group.Key, (IReadOnlyList<string>)group.ToArray()));

        /// <summary>How many instances were approved and handed to the rollout.</summary>
        protected int Submitted => Total.Submitted;

        /// <summary>The progress activity's title: the command's name as invoked.</summary>
        protected string Activity => MyInvocation.MyCommand.Name;

        /// <summary>The progress activity's id.</summary>
        protected abstract int ProgressActivityId { get; }

        /// <summary>What an error that stops the whole run (no target profile, a halted rollout) is about.</summary>
        protected abstract object? RunTarget { get; }

        /// <summary>
        /// Makes the engine that moves the instances of one account-region; <paramref name="sameAccount"/> is an engine
        /// already made for the same account in another region, whose target a change shares (IAM is global).
        /// </summary>
        protected abstract RoleChangeEngine NewEngine(Place place, RoleChangeEngine? sameAccount);

        /// <summary>The engine of one account-region, made once for it.</summary>
        protected RoleChangeEngine EngineFor(Place place)
        {
            if (!_engines.TryGetValue(place, out RoleChangeEngine? engine))
            {
                engine = NewEngine(place, _engines.FirstOrDefault(known => known.Key.AccountId == place.AccountId).Value);
                _engines[place] = engine;
            }

            return engine;
        }

        /// <summary>Starts the runner that moves the instances of one account-region (a change or a restore), reporting to the channel.</summary>
        protected abstract RoleChangeRunner StartRunner(Place place, HostChannel channel, CancellationToken stop);

        /// <summary>What ShouldProcess says of each instance: from its read plan, or (null) from what the command knows.</summary>
        protected abstract IReadOnlyList<(string InstanceId, string Action)> Describe(Place place, IReadOnlyList<string> instanceIds, bool readPlans);

        protected override bool SpansEstate => true;

        /// <summary>
        /// Offers an instance that is in one of <paramref name="places"/>: found there (200 ids a read, every place at
        /// once) when there are several, then asked about (with what would change, when ShouldProcess asks or only
        /// tells) and, if approved, handed to its account-region's rollout. An instance offered twice is moved once:
        /// two moves would race.
        /// </summary>
        protected void Offer(string instanceId, IReadOnlyList<Place> places)
        {
            if (!_offered.Add(instanceId))
            {
                WriteVerbose($"Instance {instanceId} was given more than once; it is changed once.");
                return;
            }

            if (places.Count == 1)
            {
                Enqueue(instanceId, places[0]);
                return;
            }

            if (!ReferenceEquals(places, _locateIn)) LocateAndEnqueue();
            _locateIn = places;
            _toLocate.Add(instanceId);
            if (_toLocate.Count == Core.Ec2.AssociationReader.MaxIdsPerCall) LocateAndEnqueue();
        }

        protected override void EndProcessing()
        {
            LocateAndEnqueue();
            AskAndSubmit();
            _inputEnded = true;
            try
            {
                // Each account-region's rollout runs alongside the others; their reports are written as they come.
                var notStarted = new List<string>();
                foreach (Rollout rollout in _rollouts.Values)
                {
                    Drive(rollout.Complete);
                    rollout.Dispose();
                    notStarted.AddRange(rollout.Interrupted.NotStarted);
                }

                TellNotStarted(notStarted);
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
                foreach (Rollout rollout in _rollouts.Values) rollout.Dispose();
                if (_rollouts.Count > 0)
                {
                    TellStopped(
                        _rollouts.Values.SelectMany(rollout => rollout.Interrupted.NotStarted).ToArray(),
                        _rollouts.Values.Sum(rollout => rollout.Interrupted.InFlight));
                }

                _stopStarting.Dispose();
            }

            base.Dispose(disposing);
        }

        // Finds the account-region of each instance waiting to be located; one found nowhere fails alone.
        private void LocateAndEnqueue()
        {
            if (_toLocate.Count == 0)
            {
                return;
            }

            string[] batch = _toLocate.ToArray();
            IReadOnlyList<Place> places = _locateIn!;
            _toLocate.Clear();
            IReadOnlyDictionary<string, Place>? found = null;
            ForEachItem(batch[0], () => found = Run(token => InstanceLocator.LocateAsync(places, batch, token)));
            foreach (string instanceId in found is null ? Array.Empty<string>() : batch)
            {
                if (found!.TryGetValue(instanceId, out Place? place)) Enqueue(instanceId, place);
                else WriteError(ToErrorRecord(InstanceLocator.NotFound(instanceId, places), instanceId));
            }
        }

        private void Enqueue(string instanceId, Place place)
        {
            _placeOf[instanceId] = place;
            _toAsk.Add((instanceId, place));
            _asksFirst ??= ShouldProcessAsksFirst();
            if (_asksFirst == false || _toAsk.Count == Core.Ec2.AssociationReader.MaxIdsPerCall) AskAndSubmit();
        }

        // Asks about the instances offered so far, reading their plans first (a read per account-region) when
        // ShouldProcess asks or only tells, and hands each one approved to its account-region's rollout, which writes
        // whatever reports have come in.
        private void AskAndSubmit()
        {
            if (_toAsk.Count == 0)
            {
                return;
            }

            var batch = _toAsk.GroupBy(item => item.Place, item => item.InstanceId).ToArray();
            _toAsk.Clear();
            foreach (IGrouping<Place, string> inPlace in batch)
            {
                IReadOnlyList<(string InstanceId, string Action)> asks;
                try
                {
                    asks = Describe(inPlace.Key, inPlace.ToArray(), _asksFirst == true);
                }
                catch (InstanceProfileToolsException failure)
                {
                    // The plans could not be read: these instances fail, and the pipeline goes on.
                    foreach (string instanceId in inPlace) WriteError(ToErrorRecord(failure, instanceId));
                    continue;
                }

                foreach ((string instanceId, string action) in asks)
                {
                    if (!ShouldProcess(instanceId, action)) continue;
                    Rollout rollout = RolloutIn(inPlace.Key);
                    CountOf(inPlace.Key).Submitted++;
                    Drive(() => rollout.Add(instanceId));
                }
            }
        }

        // One rollout per account-region, each with its own runner, waves and failure budget.
        private Rollout RolloutIn(Place place)
        {
            if (!_rollouts.TryGetValue(place, out Rollout? rollout))
            {
                rollout = new Rollout(EngineFor(place), (channel, stop) => StartRunner(place, channel, stop), RolloutOptions(), new PipelineHost(this), _stopStarting.Token);
                _rollouts[place] = rollout;
            }

            return rollout;
        }

        // Any rollout parameter makes a rollout in waves; without them the command streams instances as they come.
        private RolloutOptions RolloutOptions()
        {
            bool inWaves = new[] { nameof(Canary), nameof(WaveSize), nameof(HealthCheck), nameof(MaxFailures) }.Any(MyInvocation.BoundParameters.ContainsKey);
            return new RolloutOptions
            {
                ThrottleLimit = ThrottleLimit,
                Waves = inWaves ? new Waves(Canary, MyInvocation.BoundParameters.ContainsKey(nameof(WaveSize)) ? WaveSize : null) : null,
                MaxFailures = MaxFailures,
                WavePause = TimeSpan.FromSeconds(WavePause),
                NoRollback = NoRollbackAfterWave,
            };
        }

        /// <summary>Whether a failed wave is left as it is instead of put back (Set-InstanceRole's -NoRollback).</summary>
        protected virtual bool NoRollbackAfterWave => false;

        /// <summary>
        /// Whether ShouldProcess will ask or only tell (-WhatIf, -Confirm or their preference variables), so that
        /// the cmdlet reads its plans first and the message can say what would change.
        /// </summary>
        private bool ShouldProcessAsksFirst()
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

        /// <summary>The wave's -HealthCheck, run here on the pipeline thread; it sees what the pipeline saw.</summary>
        private string? CheckHealth(IReadOnlyList<RoleChangeResult> wave, int waveNumber)
        {
            if (HealthCheck is null)
            {
                return null;
            }

            RoleChange[] changes = wave.Select(result => RoleChangeMapping.ToRoleChange(result, _placeOf[result.InstanceId], waveNumber)).ToArray();
            return new HealthCheckRun(this, HealthCheck, TimeSpan.FromSeconds(HealthCheckTimeout)).Failure(changes);
        }

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
                    PlaceCount count = CountOf(_placeOf[result.InstanceId]);
                    if (result.Succeeded) count.Succeeded++; else count.Failed++;
                    WriteObject(RoleChangeMapping.ToRoleChange(result, _placeOf[result.InstanceId], wave));
                    if (result.Error is InstanceProfileToolsException error)
                    {
                        WriteError(ToErrorRecord(error, result.InstanceId));
                    }

                    break;
            }

            WriteProgress(Progress());
            if (message.Report?.Result is { } finished && _counts.Count > 1)
            {
                WriteProgress(Progress(_placeOf[finished.InstanceId]));
            }
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

        // A run that stopped itself (the caller may not pass the role, the journal failed) names what it left.
        private void TellNotStarted(IReadOnlyList<string> notStarted)
        {
            if (!Stopping && notStarted.Count > 0)
            {
                WriteWarning($"{Activity} stopped early (see the error above): {notStarted.Count} instance(s) never started and were left as they are: {Names(notStarted)}.");
            }
        }

        private static string Names(IReadOnlyList<string> ids) =>
            string.Join(", ", ids.Take(20)) + (ids.Count > 20 ? $" and {ids.Count - 20} more" : string.Empty);

        // After Ctrl+C the pipeline takes no warning: the host is told directly.
        private void TellStopped(IReadOnlyList<string> notStarted, int inFlight)
        {
            if (!Stopping || (notStarted.Count == 0 && inFlight == 0))
            {
                return;
            }

            string names = Names(notStarted);
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

        // The command's bar, or (spanning several account-regions) one place's under it. The total is known only once
        // the pipeline input has ended; until then there is no percentage.
        private ProgressRecord Progress(Place? place = null)
        {
            PlaceCount count = place is null ? Total : _counts[place];
            ProgressRecord progress = place is null
                ? new ProgressRecord(ProgressActivityId, Activity, count.Status) { CurrentOperation = _wave is int wave ? $"wave {wave}" : null }
                : new ProgressRecord(ProgressActivityId * 1000 + count.Number, place.ToString(), count.Status) { ParentActivityId = ProgressActivityId };
            if (_inputEnded && count.Submitted > 0)
            {
                progress.PercentComplete = Math.Min(100, (count.Succeeded + count.Failed) * 100 / count.Submitted);
            }

            return progress;
        }

        // The whole run's counts: the sum of its account-regions'.
        private PlaceCount Total => new()
        {
            Submitted = _counts.Values.Sum(count => count.Submitted),
            Succeeded = _counts.Values.Sum(count => count.Succeeded),
            Failed = _counts.Values.Sum(count => count.Failed),
        };

        private PlaceCount CountOf(Place place)
        {
            if (!_counts.TryGetValue(place, out PlaceCount? count))
            {
                count = new PlaceCount { Number = _counts.Count + 1 };
                _counts[place] = count;
            }

            return count;
        }

        private sealed class PlaceCount
        {
            public int Number { get; set; }

            public int Submitted { get; set; }

            public int Succeeded { get; set; }

            public int Failed { get; set; }

            // A put-back wave reports its instances again: the counts never run past what was submitted.
            public string Status => $"{Succeeded} done, {Failed} failed, {Math.Max(0, Submitted - Succeeded - Failed)} remaining";
        }

        private void CompleteProgress()
        {
            if (Stopping || Submitted == 0)
            {
                return;
            }

            foreach (Place place in _counts.Count > 1 ? _counts.Keys : Enumerable.Empty<Place>())
            {
                ProgressRecord child = Progress(place);
                child.RecordType = ProgressRecordType.Completed;
                WriteProgress(child);
            }

            ProgressRecord progress = Progress();
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
        }
    }
}
