using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using InstanceProfileTools.Core;
using InstanceProfileTools.Core.Moves;
using InstanceProfileTools.Core.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Core.Tests.Moves
{
    /// <summary>The rollout in Core (issue 19.1): waves, the failure budget and a failed wave put back, on the fake clock.</summary>
    [Trait("Category", "RoleChange")]
    public sealed class RolloutTests
    {
        private readonly RoleChangeWorld _world = new();
        private readonly RecordingHost _host = new();

        private string[] Instances(int count)
        {
            string[] ids = Enumerable.Range(1, count).Select(n => $"i-{n:x17}").ToArray();
            foreach (string id in ids) _world.InstanceOnOld(id);
            return ids;
        }

        private Rollout Start(RoleChangeEngine engine, RolloutOptions options) =>
            new(engine, (channel, stop) => engine.StartRunner(options.ThrottleLimit, channel, stop, CancellationToken.None), options, _host, CancellationToken.None);

        [Fact]
        public void Waves_go_in_order_the_canary_first_each_checked_once_and_reported_with_its_wave()
        {
            string target = _world.AddTarget();
            string[] ids = Instances(5);
            using Rollout rollout = Start(_world.Engine(), new RolloutOptions { ThrottleLimit = 2, Waves = new Waves(1, 2) });

            foreach (string id in ids) rollout.Add(id);
            rollout.Complete();

            Assert.Equal(new[] { (1, 1), (2, 2), (3, 2) }, _host.Checks.Select(c => (c.Wave, c.Count)));
            Assert.Equal(new int?[] { 1, 2, 2, 3, 3 }, ids.Select(id => _host.Finished.Single(f => f.Result.InstanceId == id).Wave));
            Assert.All(ids, id => Assert.Equal(target, _world.Ec2.ProfileOf(id)));
        }

        [Fact]
        public void A_failed_check_puts_its_wave_back_and_halts_before_the_next()
        {
            _world.AddTarget();
            string[] ids = Instances(5);
            _host.FailAtWave = 2;
            using Rollout rollout = Start(_world.Engine(), new RolloutOptions { ThrottleLimit = 4, Waves = new Waves(1, 2) });

            InstanceProfileToolsException halted = Assert.Throws<InstanceProfileToolsException>(() =>
            {
                foreach (string id in ids) rollout.Add(id);
                rollout.Complete();
            });

            Assert.Equal(ErrorIds.RolloutHalted, halted.ErrorId);
            Assert.Contains("wave 2", halted.Message, StringComparison.Ordinal);
            Assert.Contains("were put back", halted.Message, StringComparison.Ordinal);
            Assert.Contains(_host.Warnings, warning => warning.Contains("moved in wave 2 back", StringComparison.Ordinal));
            Assert.NotEqual(_world.OldArn, _world.Ec2.ProfileOf(ids[0]));
            Assert.All(ids.Skip(1), id => Assert.Equal(_world.OldArn, _world.Ec2.ProfileOf(id)));
            Assert.DoesNotContain(_world.Ec2.Calls, c => c.Contains(ids[3].Substring(2), StringComparison.Ordinal) && c.StartsWith("Replace", StringComparison.Ordinal));
        }

        [Fact]
        public void The_failure_budget_counts_across_waves_and_one_more_halts_the_rollout()
        {
            string target = _world.AddTarget();
            string[] ids = Instances(4);
            string refused = _world.Ec2.AssociationOf(ids[2])!;
            _world.Ec2.Fault = call => call.Action == "Replace" && call.Subject == refused ? FakeErrors.AccessDenied() : null;
            using Rollout rollout = Start(_world.Engine(), new RolloutOptions { ThrottleLimit = 2, Waves = new Waves(0, 2), MaxFailures = 0 });

            InstanceProfileToolsException halted = Assert.Throws<InstanceProfileToolsException>(() =>
            {
                foreach (string id in ids) rollout.Add(id);
                rollout.Complete();
            });

            Assert.Contains("1 instance(s) failed, more than -MaxFailures 0", halted.Message, StringComparison.Ordinal);
            Assert.All(ids.Take(2), id => Assert.Equal(target, _world.Ec2.ProfileOf(id)));
            Assert.All(ids.Skip(2), id => Assert.Equal(_world.OldArn, _world.Ec2.ProfileOf(id)));
        }

        [Fact]
        public void Without_waves_every_instance_streams_and_no_check_runs()
        {
            string target = _world.AddTarget();
            string[] ids = Instances(6);
            using Rollout rollout = Start(_world.Engine(), new RolloutOptions { ThrottleLimit = 3 });

            foreach (string id in ids) rollout.Add(id);
            rollout.Complete();

            Assert.Empty(_host.Checks);
            Assert.Equal(ids.OrderBy(id => id), _host.Finished.Select(f => f.Result.InstanceId).OrderBy(id => id));
            Assert.All(_host.Finished, f => Assert.Null(f.Wave));
            Assert.All(ids, id => Assert.Equal(target, _world.Ec2.ProfileOf(id)));
        }

        /// <summary>A host that records what the rollout writes, and fails the check of one wave.</summary>
        private sealed class RecordingHost : IRolloutHost
        {
            public List<(RoleChangeResult Result, int? Wave)> Finished { get; } = new();

            public List<(int Wave, int Count)> Checks { get; } = new();

            public int? FailAtWave { get; set; }

            public HostChannel Channel { get; } = new();

            public List<string> Warnings { get; } = new();

            public void Write(HostMessage message, int? wave)
            {
                if (message.Report is { Kind: RoleChangeEventKind.Finished } report) Finished.Add((report.Result!, wave));
                if (message.Kind == HostMessageKind.Warning) Warnings.Add(message.Text!);
            }

            public string? CheckHealth(IReadOnlyList<RoleChangeResult> wave, int waveNumber)
            {
                Checks.Add((waveNumber, wave.Count));
                return waveNumber == FailAtWave ? "the check said no" : null;
            }
        }
    }
}
