using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Moves;
using InstanceProfileTools.Core.Operations;
using InstanceProfileTools.Core.Retry;
using InstanceProfileTools.Core.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Core.Tests.Moves
{
    [Trait("Category", "RoleChange")]
    public sealed class AssociationWatchTests
    {
        private readonly RoleChangeWorld _world = new();

        [Fact]
        public async Task Many_waits_share_one_poll_of_200_instances_a_call()
        {
            string[] ids = Enumerable.Range(1, 250).Select(n => $"i-{n:x17}").ToArray();
            foreach (string id in ids)
            {
                _world.Ec2.AddInstance(id);
                _world.Ec2.Attach(id, _world.OldArn, associatingFor: TimeSpan.FromSeconds(5));
            }

            AssociationWatch watch = Watch();
            var counter = new AttemptCounter();
            Task<IReadOnlyList<ProfileAssociation>>[] waits = ids.Select(id => watch.UntilAsync(id, $"{id} to be associated",
                list => list.Any(a => a.State == AssociationState.Associated), TimeSpan.FromMinutes(1), counter, CancellationToken.None)).ToArray();
            IReadOnlyList<ProfileAssociation>[] seen = await Task.WhenAll(waits);

            // One loop per instance would read 250 times a round; the shared poll reads twice a round (200 + 50),
            // for the few rounds of 2 s that 5 s of associating take.
            IReadOnlyList<string[]> reads = _world.Ec2.AssociationReads;
            Assert.All(seen, list => Assert.Equal(AssociationState.Associated, Assert.Single(list).State));
            Assert.InRange(reads.Count, 2, 12);
            Assert.All(reads, ids => Assert.InRange(ids.Length, 1, 200));
        }

        [Fact]
        public async Task A_wait_that_is_never_done_times_out_with_what_it_last_saw()
        {
            _world.InstanceOnOld("i-00000000000000001");
            DateTimeOffset start = _world.Clock.UtcNow;

            var failure = await Assert.ThrowsAsync<InstanceProfileToolsException>(() => Watch().UntilAsync("i-00000000000000001", "something that never happens",
                _ => false, TimeSpan.FromSeconds(10), new AttemptCounter(), CancellationToken.None));

            Assert.Equal(ErrorIds.WaitTimedOut, failure.ErrorId);
            Assert.Contains("something that never happens", failure.Message);
            Assert.Contains(_world.OldArn, failure.Message);
            Assert.InRange((_world.Clock.UtcNow - start).TotalSeconds, 8, 12);
        }

        [Fact]
        public async Task A_throttled_read_is_a_miss_and_the_next_round_reads_again()
        {
            _world.InstanceOnOld("i-00000000000000001");
            int reads = 0;
            _world.Ec2.Fault = call => call.Action == "Describe" && Interlocked.Increment(ref reads) == 1 ? FakeErrors.Ec2Throttled() : null;
            var counter = new AttemptCounter();

            IReadOnlyList<ProfileAssociation> seen = await Watch().UntilAsync("i-00000000000000001", "the association",
                list => list.Count == 1, TimeSpan.FromMinutes(1), counter, CancellationToken.None);

            Assert.Single(seen);
            Assert.Equal(2, reads);
            Assert.Equal(2, counter.Count);
        }

        [Fact]
        public async Task A_poll_whose_read_throws_fails_its_waits_instead_of_leaving_them_hanging()
        {
            _world.Ec2.AddInstance("i-00000000000000001");
            _world.Ec2.Fault = call => call.Action == "Describe" ? new InvalidOperationException("the reader broke") : null;

            Task<IReadOnlyList<ProfileAssociation>> wait = Watch().UntilAsync("i-00000000000000001", "the association",
                list => list.Count == 1, TimeSpan.FromMinutes(1), new AttemptCounter(), CancellationToken.None);

            InstanceProfileToolsException failed = await Assert.ThrowsAsync<InstanceProfileToolsException>(() => wait);
            Assert.Contains("the reader broke", failed.Message, StringComparison.Ordinal);
        }

        private AssociationWatch Watch() => new(new OperationContext(_world.Iam, _world.Ec2, _world.Clock, _world, WaitSettings.Default));
    }
}
