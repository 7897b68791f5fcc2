using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace InstanceProfileTools.Core.Moves
{
    /// <summary>
    /// A fleet's role change as the user sees it: instances as they come, either all at once (a runner of up to the
    /// throttle limit) or in waves, each checked by the host's health check, the failure budget counted across waves,
    /// and a failed wave put back by the same move before the rollout halts with <see cref="ErrorIds.RolloutHalted"/>.
    /// It runs on the host's one thread and writes every report there as it comes. Every call (the wave's and the
    /// put-back's) is journaled by the engine's <see cref="Journal.RunJournal"/>, which carries the wave.
    /// </summary>
    public sealed class Rollout : IDisposable
    {
        private readonly RoleChangeEngine _engine;
        private readonly Func<HostChannel, CancellationToken, RoleChangeRunner> _startRunner;
        private readonly RolloutOptions _options;
        private readonly IRolloutHost _host;
        private readonly CancellationToken _stop;
        private readonly List<string> _wave = new();
        private RoleChangeRunner? _streaming;
        private int _accepted;
        private int _wavesRun;
        private int _failures;

        /// <param name="startRunner">Starts the runner that moves the instances (a change or a restore), given the channel and the stop token.</param>
        public Rollout(RoleChangeEngine engine, Func<HostChannel, CancellationToken, RoleChangeRunner> startRunner, RolloutOptions options, IRolloutHost host, CancellationToken stop)
        {
            _engine = engine ?? throw new ArgumentNullException(nameof(engine));
            _startRunner = startRunner ?? throw new ArgumentNullException(nameof(startRunner));
            _options = options ?? throw new ArgumentNullException(nameof(options));
            _host = host ?? throw new ArgumentNullException(nameof(host));
            _stop = stop;
        }

        /// <summary>Instances in flight when the rollout was last stopped, and those that never started.</summary>
        public (int InFlight, IReadOnlyList<string> NotStarted) Interrupted { get; private set; } = (0, Array.Empty<string>());

        /// <summary>Takes one instance: starts it (all at once) or holds it for its wave, running the wave once full.</summary>
        public void Add(string instanceId)
        {
            if (_options.Waves is not { } waves)
            {
                _streaming ??= _startRunner(_host.Channel, _stop);
                _streaming.Add(instanceId);
                Drain(_streaming, untilFinished: false, null, null);
                return;
            }

            _wave.Add(instanceId);
            if (waves.EndsWave(_accepted++))
            {
                RunWave();
            }
        }

        /// <summary>No more instances: runs the last wave, or waits for the instances in flight, writing every report.</summary>
        public void Complete()
        {
            if (_streaming is not null)
            {
                _streaming.CompleteAdding();
                Drain(_streaming, untilFinished: true, null, null);
            }
            else if (_wave.Count > 0)
            {
                RunWave();
            }
        }

        /// <summary>Stops starting instances and lets those in flight finish their call (see <see cref="RoleChangeRunner.Dispose"/>).</summary>
        public void Dispose()
        {
            if (_streaming is not null) Finish(_streaming);
            _streaming = null;
        }

        // One wave: pause after the one before, move it, check it; a failed check or too many failures put it back
        // and halt the rollout.
        private void RunWave()
        {
            string[] ids = _wave.ToArray();
            _wave.Clear();
            int wave = _options.Waves!.WaveOf(_accepted - ids.Length);
            if (_wavesRun++ > 0 && _options.WavePause > TimeSpan.Zero && _stop.WaitHandle.WaitOne(_options.WavePause))
            {
                return;
            }

            if (_stop.IsCancellationRequested) return;
            IReadOnlyList<RoleChangeResult> results = RunBatch(_startRunner(_host.Channel, _stop), ids, wave);
            if (_stop.IsCancellationRequested) return;
            _failures += results.Count(result => !result.Succeeded);
            string? failure = _failures > _options.MaxFailures
                ? $"{_failures} instance(s) failed, more than -MaxFailures {_options.MaxFailures}"
                : _host.CheckHealth(results, wave);
            if (failure is null)
            {
                return;
            }

            string outcome = _options.NoRollback ? "its instances were left as they are (-NoRollback)" : PutBack(results, wave);
            throw new InstanceProfileToolsException(ErrorIds.RolloutHalted, FailureKind.InvalidOperation, null,
                $"The rollout stopped at wave {wave}: {failure}. No further wave started; {outcome}.");
        }

        // The wave's moved instances back where they were, by the same move; journaled as the wave's like the change.
        private string PutBack(IReadOnlyList<RoleChangeResult> results, int wave)
        {
            Dictionary<string, RestoreRequest> requests = results
                .Where(result => result.Changed && result.AssociationId is not null)
                .ToDictionary(
                    result => result.InstanceId,
                    result => new RestoreRequest(result.InstanceId, result.PreviousInstanceProfileArn, result.PreviousRoleName,
                        new[] { result.AssociationId! }, new[] { result.InstanceProfileArn ?? string.Empty }) { AllowDisassociate = true },
                    StringComparer.Ordinal);
            if (requests.Count == 0)
            {
                return "none of its instances had been moved";
            }

            _host.Channel.Warning($"Putting the {requests.Count} instance(s) moved in wave {wave} back on their previous instance profiles.");
            IReadOnlyList<RoleChangeResult> restored = RunBatch(
                _engine.StartRestoreRunner(requests, _options.ThrottleLimit, _host.Channel, CancellationToken.None, CancellationToken.None), requests.Keys.ToArray(), wave);
            int failed = restored.Count(result => !result.Succeeded);
            return failed == 0
                ? $"the {restored.Count} instance(s) it moved were put back on their previous profiles"
                : $"{restored.Count - failed} of the {restored.Count} instance(s) it moved were put back; {failed} could not be (see their errors)";
        }

        // Runs a batch to its end, writing each report as it comes, and answers the results.
        private IReadOnlyList<RoleChangeResult> RunBatch(RoleChangeRunner runner, IReadOnlyList<string> instanceIds, int wave)
        {
            var results = new List<RoleChangeResult>(instanceIds.Count);
            _engine.Journal.Wave = wave;
            try
            {
                foreach (string instanceId in instanceIds) runner.Add(instanceId);
                runner.CompleteAdding();
                Drain(runner, untilFinished: true, wave, results);
                return results;
            }
            finally
            {
                Finish(runner);
            }
        }

        private void Finish(RoleChangeRunner runner)
        {
            int inFlight = runner.InFlight;
            runner.Dispose();
            if (runner.NotStarted > 0 || (_stop.IsCancellationRequested && inFlight > 0))
            {
                Interrupted = (Interrupted.InFlight + inFlight, Interrupted.NotStarted.Concat(runner.NotStartedIds).ToArray());
            }
        }

        // Every message is written as it comes, woken by the channel, so nothing polls. Finished is read before the
        // channel: a runner finishes only after its last report is posted.
        private void Drain(RoleChangeRunner runner, bool untilFinished, int? wave, List<RoleChangeResult>? results)
        {
            while (true)
            {
                bool last = !untilFinished || runner.IsFinished;
                while (_host.Channel.TryRead(out HostMessage message))
                {
                    if (message.Report is { Kind: RoleChangeEventKind.Finished } finished) results?.Add(finished.Result!);
                    _host.Write(message, wave);
                }

                if (last)
                {
                    break;
                }

                _host.Channel.Signal.WaitOne();
            }
        }
    }
}
