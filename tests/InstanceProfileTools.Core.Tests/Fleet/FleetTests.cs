using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.Fleet;
using InstanceProfileTools.Core.Journal;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Moves;
using InstanceProfileTools.Core.Preflight;
using InstanceProfileTools.Core.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Core.Tests.Fleet
{
    /// <summary>Who launches a run's instances again (EVIDENCE row 29's tags), what that means, and the template update.</summary>
    [Trait("Category", "Unit")]
    public sealed class FleetTests
    {
        private const string Template = "lt-0123456789abcdef0";
        private const string OldArn = "arn:aws:iam::123456789012:instance-profile/old-role";
        private static readonly TargetProfile Target = new("new-role", "arn:aws:iam::123456789012:instance-profile/new-role", "new-role", false);

        private readonly FakeEc2 _ec2 = new(new FakeClock());
        private readonly RecordingJournal _journal = new();

        public FleetTests()
        {
            foreach (string id in new[] { "i-a", "i-b", "i-c", "i-d" }) _ec2.AddInstance(id);
            _ec2.AddLaunchTemplate(Template, OldArn);
            _ec2.Tag("i-a", (FleetManagers.LaunchTemplateIdTag, Template), (FleetManagers.LaunchTemplateVersionTag, "1"), (FleetManagers.AutoScalingGroupTag, "web-asg"));
            _ec2.Tag("i-b", (FleetManagers.LaunchTemplateIdTag, Template), (FleetManagers.LaunchTemplateVersionTag, "1"), (FleetManagers.AutoScalingGroupTag, "web-asg"));
            _ec2.Tag("i-c", (FleetManagers.StackNameTag, "app-stack"), ("Name", "app"));
        }

        [Fact]
        public async Task Templates_groups_and_stacks_are_read_from_AWS_tags_once_each()
        {
            IReadOnlyList<FleetManager> managers = await FleetManagers.ReadAsync(_ec2, new[] { "i-a", "i-b", "i-c", "i-d" }, CancellationToken.None);

            Assert.Collection(managers,
                template =>
                {
                    Assert.Equal((ManagerKind.LaunchTemplate, Template), (template.Kind, template.Name));
                    Assert.Equal(new[] { "i-a", "i-b" }, template.InstanceIds);
                    Assert.Equal((1L, OldArn), (template.DefaultVersion!.VersionNumber, template.DefaultVersion.InstanceProfileArn));
                },
                group =>
                {
                    Assert.Equal((ManagerKind.AutoScalingGroup, "web-asg"), (group.Kind, group.Name));
                    Assert.Equal(new[] { 1L }, group.LaunchedFrom[Template]);
                },
                stack =>
                {
                    Assert.Equal((ManagerKind.CloudFormationStack, "app-stack"), (stack.Kind, stack.Name));
                    Assert.Equal(new[] { "i-c" }, stack.InstanceIds);
                });
            Assert.Equal(1, _ec2.Calls.Count(c => c.StartsWith("DescribeInstances", StringComparison.Ordinal)));
        }

        [Fact]
        public async Task Each_manager_is_one_finding_naming_it_and_its_instances()
        {
            Finding[] findings = FleetFindings.For(await FleetManagers.ReadAsync(_ec2, new[] { "i-a", "i-b", "i-c" }, CancellationToken.None), Target).ToArray();

            Assert.Equal(new[] { FindingKind.LaunchTemplate, FindingKind.AutoScalingGroup, FindingKind.CloudFormationStack }, findings.Select(f => f.Kind));
            Assert.Contains(Template, findings[0].Message);
            Assert.Contains(OldArn, findings[0].Message);
            Assert.Contains("-UpdateLaunchTemplate", findings[0].Message);
            Assert.Contains("i-a, i-b", findings[0].Message);
            Assert.Contains("web-asg", findings[1].Message);
            Assert.Contains("app-stack", findings[2].Message);
            Assert.All(findings, f => Assert.False(f.Blocks));
        }

        [Fact]
        public async Task A_template_that_already_launches_with_the_target_is_no_finding()
        {
            _ec2.AddLaunchTemplate(Template, Target.Arn);

            Finding[] findings = FleetFindings.For(await FleetManagers.ReadAsync(_ec2, new[] { "i-a" }, CancellationToken.None), Target).ToArray();

            Assert.DoesNotContain(findings, f => f.Kind == FindingKind.LaunchTemplate);
        }

        [Fact]
        public async Task A_group_whose_members_came_from_another_version_than_the_default_may_be_pinned()
        {
            await new LaunchTemplateUpdate(_ec2, RunJournal.None).ToAsync(await Default(), Target, CancellationToken.None);

            Finding[] findings = FleetFindings.For(await FleetManagers.ReadAsync(_ec2, new[] { "i-a" }, CancellationToken.None), Target).ToArray();

            // The template now launches with the target, so the group needs nothing but the version it names.
            Finding pinned = Assert.Single(findings);
            Assert.Equal(FindingKind.PinnedVersion, pinned.Kind);

            Assert.Equal("web-asg", pinned.Subject);
            Assert.Contains("version(s) 1", pinned.Message);
            Assert.Contains("default is version 2", pinned.Message);
            Assert.Contains("point it at version 2", pinned.Message);
        }

        [Fact]
        public async Task The_update_journals_first_then_makes_a_new_default_with_only_the_profile_changed()
        {
            int linesWhenCreated = -1;
            _ec2.Fault = call =>
            {
                if (call.Action == "CreateLaunchTemplateVersion") linesWhenCreated = _journal.Lines.Count;
                return null;
            };

            LaunchTemplateVersion made = await new LaunchTemplateUpdate(_ec2, Journal()).ToAsync(await Default(), Target, CancellationToken.None);

            Assert.Equal(1, linesWhenCreated);
            Assert.Equal((2L, Target.Arn, true), (made.VersionNumber, made.InstanceProfileArn, made.IsDefault));
            Assert.Equal(2, _ec2.DefaultOf(Template));
            Assert.Equal("web", _ec2.VersionsOf(Template)[1].LaunchTemplateName);
            Assert.Equal(
                new[] { (JournalOutcomes.Intent, (long?)1, (long?)null), (JournalOutcomes.Changed, 1, 2) },
                _journal.Lines.Select(l => (l.Outcome, l.PreviousVersion, l.NewVersion)));
            Assert.All(_journal.Lines, l => Assert.Equal((Template, string.Empty, Target.Arn), (l.LaunchTemplateId, l.InstanceId, l.NewInstanceProfileArn)));
        }

        [Fact]
        public async Task A_lost_reply_to_the_create_answers_the_version_made_and_makes_no_second()
        {
            int lost = 1;
            _ec2.FailAfter = call => call.Action == "CreateLaunchTemplateVersion" && lost-- > 0 ? FakeErrors.Ec2Unavailable() : null;

            LaunchTemplateVersion made = await new LaunchTemplateUpdate(_ec2, Journal()).ToAsync(await Default(), Target, CancellationToken.None);

            Assert.Equal(2, made.VersionNumber);
            Assert.Equal(2, _ec2.VersionsOf(Template).Count);
            Assert.Equal(2, _ec2.DefaultOf(Template));
        }

        [Fact]
        public async Task A_lost_reply_to_the_default_is_read_back_and_not_sent_again()
        {
            int lost = 1;
            _ec2.FailAfter = call => call.Action == "ModifyLaunchTemplate" && lost-- > 0 ? FakeErrors.Ec2Unavailable() : null;

            LaunchTemplateVersion made = await new LaunchTemplateUpdate(_ec2, Journal()).ToAsync(await Default(), Target, CancellationToken.None);

            Assert.Equal(2, made.VersionNumber);
            Assert.Equal(2, _ec2.DefaultOf(Template));
            Assert.Equal(1, _ec2.Calls.Count(c => c.StartsWith("ModifyLaunchTemplate", StringComparison.Ordinal)));
            Assert.Equal(JournalOutcomes.Changed, _journal.Lines.Last().Outcome);
        }

        [Fact]
        public async Task Back_puts_the_previous_default_back_once_and_leaves_a_default_changed_since()
        {
            var update = new LaunchTemplateUpdate(_ec2, Journal());
            await update.ToAsync(await Default(), Target, CancellationToken.None);
            LaunchTemplateRestore restore = Assert.Single(UndoPlan.Templates(_journal.Lines));

            Assert.True(await update.BackAsync(restore.LaunchTemplateId, restore.PreviousVersion, restore.MadeVersion, restore.MadeProfileArn, false, CancellationToken.None));
            Assert.Equal(1, _ec2.DefaultOf(Template));
            Assert.False(await update.BackAsync(restore.LaunchTemplateId, restore.PreviousVersion, restore.MadeVersion, restore.MadeProfileArn, false, CancellationToken.None));

            await _ec2.SetDefaultLaunchTemplateVersionAsync(Template, 2, CancellationToken.None);
            await _ec2.CreateLaunchTemplateVersionAsync(Template, 1, "arn:aws:iam::123456789012:instance-profile/someone", "theirs", "their-token", CancellationToken.None);
            await _ec2.SetDefaultLaunchTemplateVersionAsync(Template, 3, CancellationToken.None);
            var changed = await Assert.ThrowsAsync<InstanceProfileToolsException>(() =>
                update.BackAsync(restore.LaunchTemplateId, restore.PreviousVersion, restore.MadeVersion, restore.MadeProfileArn, false, CancellationToken.None));
            Assert.Equal(ErrorIds.LaunchTemplateChangedElsewhere, changed.ErrorId);
            Assert.Equal(3, _ec2.DefaultOf(Template));
        }

        [Fact]
        public async Task The_undo_plan_keeps_template_lines_apart_from_instance_lines()
        {
            await new LaunchTemplateUpdate(_ec2, Journal()).ToAsync(await Default(), Target, CancellationToken.None);

            Assert.Empty(UndoPlan.From(_journal.Lines, false, false));
            Assert.Equal(new LaunchTemplateRestore(Template, 1, 2, Target.Arn), Assert.Single(UndoPlan.Templates(_journal.Lines)));
        }

        private Task<LaunchTemplateVersion> Default() => _ec2.DescribeDefaultLaunchTemplateVersionAsync(Template, CancellationToken.None);

        private RunJournal Journal() => new(_journal, "Set-InstanceRole", "us-east-1", new FakeClock());
    }
}
