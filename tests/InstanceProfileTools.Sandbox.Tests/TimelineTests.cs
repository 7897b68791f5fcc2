using System.Collections.Generic;
using System.Linq;
using InstanceProfileTools.Sandbox.Admin;
using InstanceProfileTools.Sandbox.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Sandbox.Tests
{
    [Trait("Category", "Timeline")]
    public sealed class TimelineTests
    {
        private readonly TestSandbox _sandbox = new TestSandbox();

        [Fact]
        public void ReplaceNeverLeavesInstanceWithoutProfile()
        {
            _sandbox.Consistency.AssociatingMs = 100;
            _sandbox.ProfileWithRole("old");
            _sandbox.ProfileWithRole("new");
            string instance = _sandbox.Launch(1, "old")[0];
            _sandbox.Clock.Advance(150);
            string association = TestSandbox.Value(_sandbox.CallEc2("DescribeIamInstanceProfileAssociations"), "associationId");

            _sandbox.CallEc2("ReplaceIamInstanceProfileAssociation", ("AssociationId", association), ("IamInstanceProfile.Name", "new"));
            _sandbox.Clock.Advance(150);

            List<TimelineEvent> timeline = Build(instance);
            Assert.Equal(new[] { "associating", "associated", "associating", "disassociated", "associated" }, timeline.Select(e => e.State));
            Assert.All(timeline, e => Assert.NotNull(e.EffectiveInstanceProfileArn));
            Assert.EndsWith("instance-profile/new", timeline.Last().EffectiveInstanceProfileArn);
        }

        [Fact]
        public void DisassociateThenAssociateShowsGap()
        {
            _sandbox.Consistency.DisassociatingMs = 50;
            _sandbox.ProfileWithRole("p");
            string instance = _sandbox.Launch(1, "p")[0];
            string association = TestSandbox.Value(_sandbox.CallEc2("DescribeIamInstanceProfileAssociations"), "associationId");

            _sandbox.CallEc2("DisassociateIamInstanceProfile", ("AssociationId", association));
            _sandbox.Clock.Advance(50);
            _sandbox.Associate(instance, "p");

            List<TimelineEvent> timeline = Build(instance);
            Assert.Equal(new[] { "associating", "associated", "disassociating", "disassociated", "associating", "associated" }, timeline.Select(e => e.State));
            Assert.Null(timeline[2].EffectiveInstanceProfileArn);
            Assert.Null(timeline[3].EffectiveInstanceProfileArn);
        }

        [Fact]
        public void LazyTransitionsCarryTheTimeTheyHappened()
        {
            _sandbox.Consistency.AssociatingMs = 250;
            _sandbox.ProfileWithRole("p");
            string instance = _sandbox.Launch(1)[0];
            var start = _sandbox.Clock.UtcNow;
            _sandbox.Associate(instance, "p");

            _sandbox.Clock.Advance(10_000);

            List<TimelineEvent> timeline = Build(instance);
            Assert.Equal(new[] { start, start.AddMilliseconds(250) }, timeline.Select(e => e.Time));
            Assert.Equal(new long[] { 1, 2 }, timeline.Select(e => e.Seq));
        }

        [Fact]
        public void ListsNothingFromTheFuture()
        {
            _sandbox.Consistency.AssociatingMs = 250;
            _sandbox.ProfileWithRole("p");
            string instance = _sandbox.Launch(1, "p")[0];

            Assert.Equal(new[] { "associating" }, Build(instance).Select(e => e.State));
        }

        [Fact]
        public void FiltersByInstanceKeepingGlobalSequence()
        {
            _sandbox.ProfileWithRole("p");
            List<string> instances = _sandbox.Launch(2, "p");

            List<TimelineEvent> second = Build(instances[1]);

            Assert.All(second, e => Assert.Equal(instances[1], e.InstanceId));
            Assert.Equal(new long[] { 3, 4 }, second.Select(e => e.Seq));
        }

        private List<TimelineEvent> Build(string instanceId) =>
            Timeline.Build(_sandbox.Store.State.Regions(), _sandbox.Clock.UtcNow, instanceId);
    }
}
