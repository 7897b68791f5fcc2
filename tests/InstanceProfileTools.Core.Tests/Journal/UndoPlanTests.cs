using System.Linq;
using InstanceProfileTools.Core.Journal;
using InstanceProfileTools.Core.Moves;
using Xunit;

namespace InstanceProfileTools.Core.Tests.Journal
{
    [Trait("Category", "Journal")]
    public sealed class UndoPlanTests
    {
        private static JournalEntry Line(string instanceId, string outcome, string? previousArn, string? newAssociation, string? previousRole = null) => new()
        {
            InstanceId = instanceId,
            Outcome = outcome,
            PreviousInstanceProfileArn = previousArn,
            PreviousRoleName = previousRole,
            NewAssociationId = newAssociation,
        };

        [Fact]
        public void Each_instance_goes_back_to_before_its_first_line_knowing_every_association_and_profile_recorded()
        {
            var plan = UndoPlan.From(new[]
            {
                Line("i-0000000000000000a", JournalOutcomes.Intent, "arn:first", null, "first-role") with { NewInstanceProfileArn = "arn:target" },
                Line("i-0000000000000000b", JournalOutcomes.Changed, null, "assoc-2"),
                Line("i-0000000000000000a", JournalOutcomes.Changed, "arn:second", "assoc-3"),
            }, evenIfChangedSince: false, allowDisassociate: false);

            Assert.Equal(new[] { "i-0000000000000000a", "i-0000000000000000b" }, plan.Select(r => r.InstanceId));
            RestoreRequest a = plan[0];
            Assert.Equal("arn:first", a.InstanceProfileArn);
            Assert.Equal("first-role", a.RoleName);
            Assert.Equal(new[] { "assoc-3" }, a.RecordedAssociationIds);
            Assert.Equal(new[] { "arn:first", "arn:target", "arn:second" }, a.RecordedProfileArns);
            Assert.False(a.EvenIfChangedSince || a.AllowDisassociate);
            Assert.Null(plan[1].InstanceProfileArn);
            Assert.True(plan[1].RecordedWithoutProfile);
        }

        [Theory]
        [InlineData(JournalOutcomes.Intent)]
        [InlineData(JournalOutcomes.Failed)]
        [InlineData(JournalOutcomes.RolledBack)]
        [InlineData(JournalOutcomes.Unchanged)]
        public void Outcomes_are_not_trusted_every_instance_named_is_planned(string outcome)
        {
            // A lost reply, a wait that timed out or a failed rollback may all have moved it: where it is decides.
            RestoreRequest request = Assert.Single(UndoPlan.From(new[] { Line("i-0000000000000000a", outcome, "arn:old", "assoc-1") }, false, false));

            Assert.Equal("arn:old", request.InstanceProfileArn);
        }

        [Fact]
        public void An_association_the_journal_never_recorded_on_a_profile_it_never_named_is_a_change_since()
        {
            RestoreRequest request = Assert.Single(UndoPlan.From(new[]
            {
                Line("i-0000000000000000a", JournalOutcomes.Intent, "arn:old", null) with { PreviousAssociationId = "assoc-old", NewInstanceProfileArn = "arn:new" },
            }, false, false));

            Assert.True(request.IsRecorded(Association("assoc-old", "arn:old")));
            Assert.True(request.IsRecorded(Association("assoc-lost-reply", "arn:new")));
            Assert.False(request.IsRecorded(Association("assoc-rival", "arn:rival")));
            Assert.False(request.IsRecorded(null));
        }

        private static InstanceProfileTools.Core.Model.ProfileAssociation Association(string id, string arn) =>
            new(id, "i-0000000000000000a", arn, null, InstanceProfileTools.Core.Model.AssociationState.Associated, null);
    }
}
