using System.Linq;
using InstanceProfileTools.Core.Journal;
using InstanceProfileTools.Core.RoleChange;
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
        public void Each_instance_goes_back_to_before_its_first_change_expecting_its_last_association()
        {
            var plan = UndoPlan.From(new[]
            {
                Line("i-0000000000000000a", JournalOutcomes.Changed, "arn:first", "assoc-1", "first-role"),
                Line("i-0000000000000000b", JournalOutcomes.Changed, null, "assoc-2"),
                Line("i-0000000000000000a", JournalOutcomes.Changed, "arn:second", "assoc-3"),
            }, force: false);

            Assert.Equal(new[]
            {
                new RestoreRequest("i-0000000000000000a", "arn:first", "first-role", "assoc-3"),
                new RestoreRequest("i-0000000000000000b", null, null, "assoc-2"),
            }, plan);
        }

        [Fact]
        public void An_instance_the_journal_never_changed_needs_nothing()
        {
            var plan = UndoPlan.From(new[]
            {
                Line("i-0000000000000000a", JournalOutcomes.Unchanged, "arn:target", "assoc-1"),
                Line("i-0000000000000000b", JournalOutcomes.RolledBack, "arn:old", "assoc-2"),
                Line("i-0000000000000000c", JournalOutcomes.Failed, "arn:old", "assoc-3"),
            }, force: false);

            Assert.Empty(plan);
        }

        [Fact]
        public void After_an_undo_line_the_undo_expects_its_own_association()
        {
            var plan = UndoPlan.From(new[]
            {
                Line("i-0000000000000000a", JournalOutcomes.Changed, "arn:old", "assoc-new"),
                Line("i-0000000000000000a", JournalOutcomes.Changed, "arn:new", "assoc-back") with { Command = "Undo-InstanceRole" },
            }, force: true);

            RestoreRequest request = Assert.Single(plan);
            Assert.Equal("arn:old", request.InstanceProfileArn);
            Assert.Equal("assoc-back", request.ExpectedAssociationId);
            Assert.True(request.Force && request.AllowDisassociate);
        }
    }
}
