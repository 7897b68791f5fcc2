using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core;
using InstanceProfileTools.Core.Moves;
using InstanceProfileTools.Core.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Core.Tests.Moves
{
    [Trait("Category", "RoleChange")]
    public sealed class RoleChangeRunnerTests
    {
        private readonly RoleChangeWorld _world = new();

        [Fact]
        public void Many_instances_converge_and_the_profile_is_created_once()
        {
            _world.Iam.AddRole(RoleChangeWorld.NewRole);
            string[] ids = Instances(40);

            List<RoleChangeEvent> events = Run(_world.Engine(), ids, throttleLimit: 8);

            RoleChangeResult[] results = Finished(events);
            Assert.Equal(ids.OrderBy(i => i), results.Select(r => r.InstanceId).OrderBy(i => i));
            Assert.All(results, r => Assert.Null(r.Error));
            Assert.All(results, r => Assert.True(r.Target!.Created));
            Assert.Single(_world.Iam.Calls, c => c.StartsWith("CreateInstanceProfile", StringComparison.Ordinal));
            Assert.All(ids, id => Assert.Equal(FakeIam.ArnOf(RoleChangeWorld.NewRole), _world.Ec2.ProfileOf(id)));
        }

        [Fact]
        public void No_more_than_the_throttle_limit_are_in_flight()
        {
            _world.AddTarget();
            string[] ids = Instances(10);
            RoleChangeEngine engine = ProvenEngine(Instances(11).Last());
            var gate = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            _world.Ec2.MutationGate = gate;
            using RoleChangeRunner runner = engine.StartRunner(3, new HostChannel(), CancellationToken.None, CancellationToken.None);
            int startedWhileHeld;
            try
            {
                foreach (string id in ids) runner.Add(id);
                runner.CompleteAdding();
                WaitUntil(() => _world.Ec2.MutationsInFlight == 3);
                startedWhileHeld = Drain(runner).Count(e => e.Kind == RoleChangeEventKind.Started);
            }
            finally
            {
                gate.TrySetResult(true);
            }

            List<RoleChangeEvent> rest = DrainUntilFinished(runner);

            Assert.Equal(3, startedWhileHeld);
            Assert.Equal(3, _world.Ec2.MaxConcurrentMutations);
            Assert.Equal(10, rest.Count(e => e.Kind == RoleChangeEventKind.Finished));
        }

        [Fact]
        public void A_fleet_listed_replaces_first_still_starts_associates_at_once()
        {
            string target = _world.AddTarget();
            string[] onOld = Instances(600);
            string[] bare = Enumerable.Range(1, 4).Select(n => $"i-{n + 0x1000:x17}").ToArray();
            foreach (string id in bare) _world.Ec2.AddInstance(id);
            RoleChangeEngine engine = ProvenEngine(Instances(601).Last());
            int readsBefore = _world.Ec2.AssociationReads.Count;
            var gate = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            _world.Ec2.MutationGate = gate;
            using RoleChangeRunner runner = engine.StartRunner(8, new HostChannel(), CancellationToken.None, CancellationToken.None);
            try
            {
                foreach (string id in onOld.Concat(bare)) runner.Add(id);
                runner.CompleteAdding();

                // The bare instances come after 600 replaces, in the fourth read of 200 or later (the first read may
                // start before every id is added): reading ahead only to the slots, they would start last, with the
                // Associate bucket idle until then, and this would never hold.
                WaitUntil(() => _world.Ec2.MutationsInFlight == 8 &&
                    _world.Ec2.AssociationReads.Skip(readsBefore).SelectMany(ids => ids).Intersect(bare).Count() == bare.Length);
            }
            finally
            {
                gate.TrySetResult(true);
            }

            List<string> started = DrainUntilFinished(runner).Where(e => e.Kind == RoleChangeEventKind.Started).Select(e => e.InstanceId).ToList();

            Assert.All(bare, id => Assert.InRange(started.IndexOf(id), 8, 15));
            Assert.All(onOld.Concat(bare), id => Assert.Equal(target, _world.Ec2.ProfileOf(id)));
        }

        [Fact]
        public void Throttling_is_backed_off_without_failing_an_instance()
        {
            _world.AddTarget();
            string[] ids = Instances(20);
            int calls = 0;
            int throttled = 0;
            _world.Ec2.Fault = _ =>
            {
                if (Interlocked.Increment(ref calls) % 3 != 0) return null;
                Interlocked.Increment(ref throttled);
                return FakeErrors.Ec2Throttled();
            };

            RoleChangeResult[] results = Finished(Run(_world.Engine(), ids, throttleLimit: 5));

            // At least 20 changes and a read: every third of those 21 calls or more was throttled, and retried.
            Assert.Equal(20, results.Length);
            Assert.All(results, r => Assert.Null(r.Error));
            Assert.True(throttled >= 7, $"{throttled} throttled answers");
        }

        [Fact]
        public void Per_instance_failures_do_not_stop_the_others()
        {
            string target = _world.AddTarget();
            string[] ids = Instances(6);
            string refused = _world.Ec2.AssociationOf(ids[2])!;
            _world.Ec2.Fault = call => call.Action == "Replace" && call.Subject == refused ? FakeErrors.AccessDenied() : null;

            RoleChangeResult[] results = Finished(Run(_world.Engine(), ids, throttleLimit: 2));

            Assert.Equal(6, results.Length);
            Assert.Equal(ErrorIds.AccessDenied, Assert.Single(results, r => r.Error is not null).Error!.ErrorId);
            Assert.Equal(5, ids.Count(id => _world.Ec2.ProfileOf(id) == target));
        }

        [Fact]
        public void Stopping_starts_no_new_instance_and_lets_those_in_flight_finish_their_call_without_waiting()
        {
            string target = _world.AddTarget();
            string[] ids = Instances(10);
            RoleChangeEngine engine = ProvenEngine(Instances(12).Last());
            var gate = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            _world.Ec2.MutationGate = gate;
            using var stop = new CancellationTokenSource();
            using RoleChangeRunner runner = engine.StartRunner(4, new HostChannel(), stop.Token, CancellationToken.None);
            try
            {
                foreach (string id in ids) runner.Add(id);
                WaitUntil(() => _world.Ec2.MutationsInFlight == 4);
                stop.Cancel();
                runner.Add(Instances(11)[10]);
            }
            finally
            {
                gate.TrySetResult(true);
            }

            List<RoleChangeEvent> events = DrainUntilFinished(runner);

            RoleChangeResult[] results = Finished(events);
            Assert.Equal(4, events.Count(e => e.Kind == RoleChangeEventKind.Started));
            Assert.Equal(4, results.Length);
            // Their replace went out; the wait for associated is cut short and the result says so.
            Assert.All(results, r => Assert.Equal(ErrorIds.RoleChangeStopped, r.Error?.ErrorId));
            Assert.All(results, r => Assert.True(r.Changed));
            Assert.All(results, r => Assert.Equal(target, r.InstanceProfileArn));
            Assert.All(results, r => Assert.Equal(target, _world.Ec2.ProfileOf(r.InstanceId)));
            Assert.Equal(7, runner.NotStarted);
            Assert.All(ids.Except(results.Select(r => r.InstanceId)), id => Assert.Equal(_world.OldArn, _world.Ec2.ProfileOf(id)));
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void The_first_PassRole_refusal_stops_the_run_and_the_others_never_start(bool bare)
        {
            _world.AddTarget();
            string[] ids = Enumerable.Range(1, 30).Select(n => $"i-{n:x17}").ToArray();
            foreach (string id in ids)
            {
                if (bare) _world.Ec2.AddInstance(id);
                else _world.InstanceOnOld(id);
            }

            _world.Ec2.Fault = call => call.Action is "Replace" or "Associate" ? FakeErrors.PassRoleDenied() : null;
            using RoleChangeRunner runner = _world.Engine().StartRunner(8, new HostChannel(), CancellationToken.None, CancellationToken.None);

            foreach (string id in ids) runner.Add(id);
            runner.CompleteAdding();
            RoleChangeResult[] results = Finished(DrainUntilFinished(runner));

            // The first-success gate lets one instance try the target: its refusal is the run's only one.
            Assert.Equal(ErrorIds.PassRoleDenied, Assert.Single(results).Error?.ErrorId);
            Assert.Equal(1, _world.Ec2.MutatingCalls);
            Assert.Equal(ids.Length - 1, runner.NotStarted);
            Assert.All(ids, id => Assert.Equal(bare ? null : _world.OldArn, _world.Ec2.ProfileOf(id)));
        }

        [Fact]
        public void A_target_that_cannot_be_resolved_fails_the_run_once()
        {
            _world.Iam.AddRole(RoleChangeWorld.NewRole);
            string[] ids = Instances(5);

            List<RoleChangeEvent> events = Run(_world.Engine(new RoleChangeOptions { RoleName = RoleChangeWorld.NewRole, NoCreate = true }), ids, throttleLimit: 3);

            Assert.Equal(ErrorIds.InstanceProfileNotFound, Assert.Single(events, e => e.Kind == RoleChangeEventKind.RunFailed).Error!.ErrorId);
            Assert.Empty(Finished(events));
            Assert.Equal(0, _world.Ec2.MutatingCalls);
        }

        private static RoleChangeResult[] Finished(IEnumerable<RoleChangeEvent> events) =>
            events.Where(e => e.Kind == RoleChangeEventKind.Finished).Select(e => e.Result!).ToArray();

        private static List<RoleChangeEvent> Drain(RoleChangeRunner runner)
        {
            var events = new List<RoleChangeEvent>();
            while (runner.Channel.TryRead(out HostMessage message))
            {
                if (message.Report is { } report) events.Add(report);
            }

            return events;
        }

        internal static List<RoleChangeEvent> DrainUntilFinished(RoleChangeRunner runner)
        {
            var events = new List<RoleChangeEvent>();
            var deadline = Stopwatch.StartNew();
            while (!runner.IsFinished)
            {
                Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), "the runner did not finish");
                runner.Channel.Signal.WaitOne(TimeSpan.FromMilliseconds(100));
                events.AddRange(Drain(runner));
            }

            events.AddRange(Drain(runner));
            return events;
        }

        // Real threads run the instances; this waits (bounded) for them to reach a point, it does not time anything.
        internal static void WaitUntil(Func<bool> condition)
        {
            var deadline = Stopwatch.StartNew();
            while (!condition())
            {
                Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), "the condition never held");
                Thread.Yield();
            }
        }

        // An engine whose target EC2 has taken once (one instance moved), so that changes are no longer let through
        // one at a time (FirstSuccessGate).
        private RoleChangeEngine ProvenEngine(string warmUpInstance)
        {
            RoleChangeEngine engine = _world.Engine();
            Assert.Null(engine.ChangeAsync(warmUpInstance, CancellationToken.None).GetAwaiter().GetResult().Error);
            return engine;
        }

        private List<RoleChangeEvent> Run(RoleChangeEngine engine, string[] ids, int throttleLimit)
        {
            using RoleChangeRunner runner = engine.StartRunner(throttleLimit, new HostChannel(), CancellationToken.None, CancellationToken.None);
            foreach (string id in ids) runner.Add(id);
            runner.CompleteAdding();
            return DrainUntilFinished(runner);
        }

        private string[] Instances(int count)
        {
            string[] ids = Enumerable.Range(1, count).Select(n => $"i-{n:x17}").ToArray();
            foreach (string id in ids.Where(id => _world.Ec2.ProfileOf(id) is null && !_world.Ec2.Calls.Contains(id)))
            {
                _world.InstanceOnOld(id);
            }

            return ids;
        }
    }
}
