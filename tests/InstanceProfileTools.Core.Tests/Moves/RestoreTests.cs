using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Moves;
using InstanceProfileTools.Core.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Core.Tests.Moves
{
    [Trait("Category", "RoleChange")]
    public sealed class RestoreTests
    {
        private const string Instance = "i-0123456789abcdef0";

        private readonly RoleChangeWorld _world = new();

        // A request whose record saw the instance on one association only.
        private static RestoreRequest Recorded(string instanceId, string? arn, string? role, string association) =>
            new(instanceId, arn, role, new[] { association }, System.Array.Empty<string>());

        private Task<RoleChangeResult> RestoreAsync(RestoreRequest request) =>
            RoleChangeEngine.ForRestore(_world.Context, new RoleChangeOptions()).RestoreAsync(request, null, CancellationToken.None);

        [Fact]
        public async Task An_instance_changed_by_the_journal_goes_back_by_a_replace()
        {
            string target = _world.AddTarget();
            _world.Ec2.AddInstance(Instance);
            string changed = _world.Ec2.Attach(Instance, target);

            RoleChangeResult result = await RestoreAsync(Recorded(Instance, _world.OldArn, RoleChangeWorld.OldRole, changed));

            Assert.Null(result.Error);
            Assert.True(result.Changed);
            Assert.Equal(RoleChangeMethod.Replace, result.Method);
            Assert.Equal(_world.OldArn, _world.Ec2.ProfileOf(Instance));
            Assert.Equal(AssociationState.Associated, _world.Ec2.StateOf(Instance));
        }

        [Fact]
        public async Task An_instance_already_back_is_left_alone()
        {
            string before = _world.InstanceOnOld(Instance);

            RoleChangeResult result = await RestoreAsync(Recorded(Instance, _world.OldArn, RoleChangeWorld.OldRole, "iip-assoc-00000000000000999"));

            Assert.Null(result.Error);
            Assert.False(result.Changed);
            Assert.Equal(before, _world.Ec2.AssociationOf(Instance));
            Assert.Equal(0, _world.Ec2.MutatingCalls);
        }

        [Fact]
        public async Task An_instance_someone_changed_since_is_left_alone_naming_both_associations_unless_asked()
        {
            string target = _world.AddTarget();
            string other = _world.AddTarget("other", "other-role");
            _world.Ec2.AddInstance(Instance);
            string journaled = _world.Ec2.Attach(Instance, target);
            string since = _world.Ec2.ReplaceAsRival(Instance, other);
            _world.Clock.Delay(TimeSpan.FromMinutes(1), CancellationToken.None).Wait();

            RoleChangeResult refused = await RestoreAsync(Recorded(Instance, _world.OldArn, null, journaled));

            Assert.Equal(ErrorIds.InstanceChangedElsewhere, refused.Error!.ErrorId);
            Assert.Contains(since, refused.Error.Message, StringComparison.Ordinal);
            Assert.Contains(journaled, refused.Error.Message, StringComparison.Ordinal);
            Assert.False(refused.Changed);
            Assert.Equal(other, _world.Ec2.ProfileOf(Instance));

            RoleChangeResult forced = await RestoreAsync(Recorded(Instance, _world.OldArn, null, journaled) with { EvenIfChangedSince = true });

            Assert.Null(forced.Error);
            Assert.Equal(_world.OldArn, _world.Ec2.ProfileOf(Instance));
        }

        [Fact]
        public async Task An_instance_that_had_no_profile_is_disassociated_only_when_allowed()
        {
            string target = _world.AddTarget();
            _world.Ec2.AddInstance(Instance);
            string journaled = _world.Ec2.Attach(Instance, target);
            _world.Clock.Delay(TimeSpan.FromMinutes(1), CancellationToken.None).Wait();

            RoleChangeResult refused = await RestoreAsync(Recorded(Instance, null, null, journaled));

            Assert.Equal(ErrorIds.NoPreviousProfile, refused.Error!.ErrorId);
            Assert.Equal(target, _world.Ec2.ProfileOf(Instance));

            RoleChangeResult allowed = await RestoreAsync(Recorded(Instance, null, null, journaled) with { AllowDisassociate = true });

            Assert.Null(allowed.Error);
            Assert.Equal(RoleChangeMethod.Disassociate, allowed.Method);
            Assert.Null(_world.Ec2.ProfileOf(Instance));
        }

        [Fact]
        public async Task A_runner_puts_many_back_with_batched_reads()
        {
            string target = _world.AddTarget();
            var requests = new Dictionary<string, RestoreRequest>();
            for (int i = 0; i < 30; i++)
            {
                string id = $"i-{i + 1:x17}";
                _world.Ec2.AddInstance(id);
                requests[id] = Recorded(id, _world.OldArn, RoleChangeWorld.OldRole, _world.Ec2.Attach(id, target));
            }

            _world.Clock.Delay(TimeSpan.FromMinutes(1), CancellationToken.None).Wait();
            // Reads wait until the whole fleet is added, and mutations until it is read, so that what is counted is
            // the reading ahead alone (the waits' shared poll is AssociationWatchTests' to prove).
            var reads = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            var mutations = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            _world.Ec2.ReadGate = reads;
            _world.Ec2.MutationGate = mutations;
            using var runner = RoleChangeEngine.ForRestore(_world.Context, new RoleChangeOptions()).StartRestoreRunner(requests, 8, new HostChannel(), CancellationToken.None, CancellationToken.None);
            foreach (string id in requests.Keys) runner.Add(id);
            runner.CompleteAdding();
            reads.SetResult(true);
            RoleChangeRunnerTests.WaitUntil(() => _world.Ec2.MutationsInFlight == 8 && _world.Ec2.AssociationReads.SelectMany(ids => ids).Distinct().Count() == 30);

            // The first read may have been taken with the first id alone; the second takes every id added since.
            // Read one at a time, the fleet would need 30.
            Assert.InRange(_world.Ec2.AssociationReads.Count, 1, 2);

            mutations.SetResult(true);
            var results = RoleChangeRunnerTests.DrainUntilFinished(runner).Where(e => e.Result is not null).Select(e => e.Result!).ToList();

            Assert.Equal(30, results.Count);
            Assert.All(results, r => Assert.Null(r.Error));
            Assert.All(requests.Keys, id => Assert.Equal(_world.OldArn, _world.Ec2.ProfileOf(id)));
            Assert.Equal(30, _world.Ec2.MutatingCalls);
        }
    }
}
