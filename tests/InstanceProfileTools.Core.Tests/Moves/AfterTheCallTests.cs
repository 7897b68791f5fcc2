using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core;
using InstanceProfileTools.Core.Journal;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Moves;
using InstanceProfileTools.Core.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Core.Tests.Moves
{
    /// <summary>
    /// Faults that strike after a call went through (issue 18): a lost reply is judged by a read of the instance,
    /// the journal records each call before it is made, and a journal that cannot be written stops the run.
    /// </summary>
    [Trait("Category", "RoleChange")]
    public sealed class AfterTheCallTests
    {
        private const string Instance = "i-0123456789abcdef0";

        private readonly RoleChangeWorld _world = new();
        private readonly RecordingJournal _journal = new();

        private RoleChangeEngine Engine(RoleChangeOptions? options = null) =>
            new(_world.Context, options ?? new RoleChangeOptions { RoleName = RoleChangeWorld.NewRole }, new RunJournal(_journal, "Set-InstanceRole", "us-east-1", _world.Clock));

        private static Func<FakeEc2Call, Exception?> LoseReplyOf(string action)
        {
            int lost = 0;
            return call => call.Action == action && Interlocked.Exchange(ref lost, 1) == 0 ? FakeErrors.Ec2Unavailable() : null;
        }

        [Fact]
        public async Task A_stopped_instance_whose_disassociate_reply_is_lost_still_gets_the_target()
        {
            string target = _world.AddTarget();
            _world.InstanceOnOld(Instance, InstanceState.Stopped);
            _world.Ec2.FailAfter = LoseReplyOf("Disassociate");

            RoleChangeResult result = await Engine().ChangeAsync(Instance, CancellationToken.None);

            Assert.Null(result.Error);
            Assert.Equal(RoleChangeMethod.DisassociateAssociate, result.Method);
            Assert.Equal(target, _world.Ec2.ProfileOf(Instance));
            Assert.Equal(target, result.InstanceProfileArn);
            Assert.Single(_world.Ec2.Calls, c => c.StartsWith("Disassociate", StringComparison.Ordinal));
        }

        [Theory]
        [InlineData("Replace")]
        [InlineData("Associate")]
        public async Task A_lost_reply_is_read_not_sent_again(string action)
        {
            string target = _world.AddTarget();
            if (action == "Replace") _world.InstanceOnOld(Instance); else _world.Ec2.AddInstance(Instance);
            _world.Ec2.FailAfter = LoseReplyOf(action);

            RoleChangeResult result = await Engine().ChangeAsync(Instance, CancellationToken.None);

            Assert.Null(result.Error);
            Assert.True(result.Changed);
            Assert.Equal(target, _world.Ec2.ProfileOf(Instance));
            Assert.Single(_world.Ec2.Calls, c => c.StartsWith(action, StringComparison.Ordinal));
        }

        [Fact]
        public async Task Refusals_while_a_new_profile_propagates_do_not_count_against_the_calls_a_move_may_make()
        {
            // A profile created by the run stays unknown to EC2 for 200 s: far more refused replaces than MaxCalls.
            _world.ProfilePropagation = TimeSpan.FromSeconds(200);
            _world.Iam.AddRole(RoleChangeWorld.NewRole);
            _world.InstanceOnOld(Instance);

            RoleChangeResult result = await Engine(new RoleChangeOptions { RoleName = RoleChangeWorld.NewRole, PropagationTimeout = TimeSpan.FromMinutes(5) })
                .ChangeAsync(Instance, CancellationToken.None);

            Assert.Null(result.Error);
            Assert.True(_world.Ec2.Calls.Count(c => c.StartsWith("Replace", StringComparison.Ordinal)) > InstanceMove.MaxCalls);
        }

        [Fact]
        public async Task Every_mutating_call_finds_its_intent_already_journaled()
        {
            string target = _world.AddTarget();
            string old = _world.InstanceOnOld(Instance, InstanceState.Stopped);
            var unrecorded = new List<string>();
            _world.Ec2.Fault = call =>
            {
                bool mutating = call.Action is "Replace" or "Associate" or "Disassociate";
                if (mutating && _journal.Lines.LastOrDefault() is not { Outcome: JournalOutcomes.Intent, InstanceId: Instance } intent)
                {
                    unrecorded.Add(call.Action);
                }

                return null;
            };

            await Engine().ChangeAsync(Instance, CancellationToken.None);

            Assert.Empty(unrecorded);
            JournalEntry[] lines = _journal.Lines.ToArray();
            Assert.Equal(new[] { JournalOutcomes.Intent, JournalOutcomes.Intent, JournalOutcomes.Changed }, lines.Select(l => l.Outcome));
            Assert.Equal(new[] { "DisassociateAssociate", "Associate" }, lines.Take(2).Select(l => l.Method));
            Assert.Equal(old, lines[0].PreviousAssociationId);
            Assert.Equal(target, lines[0].NewInstanceProfileArn);
            Assert.Equal(target, lines[2].NewInstanceProfileArn);
            Assert.Equal(_world.Ec2.AssociationOf(Instance), lines[2].NewAssociationId);
        }

        [Fact]
        public async Task A_timed_out_wait_without_rollback_reports_and_journals_where_the_instance_is()
        {
            string target = _world.AddTarget();
            _world.InstanceOnOld(Instance);
            _world.Ec2.StuckProfiles.Add(target);

            RoleChangeResult result = await Engine(new RoleChangeOptions { RoleName = RoleChangeWorld.NewRole, NoRollback = true }).ChangeAsync(Instance, CancellationToken.None);

            Assert.Equal(ErrorIds.RoleChangeFailed, result.Error!.ErrorId);
            Assert.Equal(target, result.InstanceProfileArn);
            Assert.Equal(AssociationState.Associating, result.State);
            JournalEntry outcome = _journal.Lines.Last();
            Assert.Equal(JournalOutcomes.Failed, outcome.Outcome);
            Assert.Equal(target, outcome.NewInstanceProfileArn);
        }

        [Fact]
        public void A_journal_that_cannot_be_written_stops_the_run_before_any_unrecorded_call()
        {
            _world.AddTarget();
            string[] ids = Enumerable.Range(1, 10).Select(n => $"i-{n:x17}").ToArray();
            foreach (string id in ids) _world.InstanceOnOld(id);
            _journal.FailFrom = 3;

            using RoleChangeRunner runner = Engine().StartRunner(2, new HostChannel(), CancellationToken.None, CancellationToken.None);
            foreach (string id in ids) runner.Add(id);
            runner.CompleteAdding();
            List<RoleChangeEvent> events = RoleChangeRunnerTests.DrainUntilFinished(runner);

            Assert.Single(events, e => e.Kind == RoleChangeEventKind.JournalFailed);
            Assert.True(runner.NotStarted > 0);
            // Each replace that went out had its intent written first; none went out after the journal failed.
            Assert.Equal(_journal.Lines.Count(l => l.Outcome == JournalOutcomes.Intent), _world.Ec2.Calls.Count(c => c.StartsWith("Replace", StringComparison.Ordinal)));
            RoleChangeResult[] results = events.Where(e => e.Kind == RoleChangeEventKind.Finished).Select(e => e.Result!).ToArray();
            Assert.All(results, r => Assert.Equal(r.InstanceProfileArn, _world.Ec2.ProfileOf(r.InstanceId)));
        }

        [Fact]
        public void Stopping_mid_way_through_a_stopped_instance_still_gives_it_a_profile()
        {
            _world.AddTarget();
            _world.InstanceOnOld(Instance, InstanceState.Stopped);
            using var stop = new CancellationTokenSource();
            _world.Ec2.FailAfter = call =>
            {
                if (call.Action == "Disassociate") stop.Cancel();
                return null;
            };

            using RoleChangeRunner runner = Engine().StartRunner(1, new HostChannel(), stop.Token, CancellationToken.None);
            runner.Add(Instance);
            runner.CompleteAdding();
            RoleChangeResult result = RoleChangeRunnerTests.DrainUntilFinished(runner).Single(e => e.Kind == RoleChangeEventKind.Finished).Result!;

            Assert.NotNull(_world.Ec2.ProfileOf(Instance));
            Assert.Equal(_world.Ec2.ProfileOf(Instance), result.InstanceProfileArn);
        }
    }
}
