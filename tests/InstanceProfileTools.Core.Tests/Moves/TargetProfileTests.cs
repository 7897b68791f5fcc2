using System;
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
    public sealed class TargetProfileTests
    {
        private readonly RoleChangeWorld _world = new();

        [Fact]
        public async Task The_profile_named_after_the_role_is_preferred_among_several()
        {
            _world.Iam.AddProfile("another", RoleChangeWorld.NewRole);
            string named = _world.Iam.AddProfile(RoleChangeWorld.NewRole, RoleChangeWorld.NewRole);

            TargetProfile target = await _world.Engine().ResolveTargetAsync(CancellationToken.None);

            Assert.Equal(named, target.Arn);
            Assert.False(target.Created);
        }

        [Fact]
        public async Task A_rival_run_that_created_the_profile_first_is_waited_for_until_reads_see_it()
        {
            // Two runs need the same new profile: the other's create wins, and IAM's reads lag behind it.
            _world.Iam.AddRole(RoleChangeWorld.NewRole);
            _world.Iam.BeforeCreate = name => _world.Iam.RivalCreates(name, RoleChangeWorld.NewRole, invisibleReads: 3);

            TargetProfile target = await _world.Engine().ResolveTargetAsync(CancellationToken.None);

            Assert.Equal(FakeIam.ArnOf(RoleChangeWorld.NewRole), target.Arn);
            Assert.False(target.Created);
            Assert.True(_world.Iam.Calls.Count(c => c.StartsWith("GetInstanceProfile", StringComparison.Ordinal)) >= 4);
        }

        [Fact]
        public async Task A_role_EC2_may_not_assume_fails_the_target_before_any_profile_is_created_or_instance_moved()
        {
            _world.Iam.AddRole(RoleChangeWorld.NewRole);
            _world.Iam.TrustPolicies[RoleChangeWorld.NewRole] = "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}}";

            var refused = await Assert.ThrowsAsync<InstanceProfileToolsException>(() => _world.Engine().ResolveTargetAsync(CancellationToken.None));

            Assert.Equal(ErrorIds.RoleNotAssumableByEc2, refused.ErrorId);
            Assert.DoesNotContain(_world.Iam.Calls, c => c.StartsWith("CreateInstanceProfile", StringComparison.Ordinal));
            Assert.Equal(0, _world.Ec2.MutatingCalls);

            TargetProfile skipped = await _world.Engine(new RoleChangeOptions { RoleName = RoleChangeWorld.NewRole, SkipTrustCheck = true }).ResolveTargetAsync(CancellationToken.None);
            Assert.True(skipped.Created);
        }

        [Fact]
        public async Task A_named_profile_is_judged_by_the_trust_policy_of_the_role_it_holds()
        {
            _world.Iam.AddProfile("batch", "batch-role");
            _world.Iam.TrustPolicies["batch-role"] = "{\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":{\"Service\":[\"ec2.amazonaws.com\"]},\"Action\":\"sts:*\"}]}";

            var refused = await Assert.ThrowsAsync<InstanceProfileToolsException>(() =>
                _world.Engine(new RoleChangeOptions { InstanceProfileName = "batch" }).ResolveTargetAsync(CancellationToken.None));

            Assert.Equal(ErrorIds.RoleNotAssumableByEc2, refused.ErrorId);
            Assert.Equal("batch-role", refused.Target);
        }

        [Fact]
        public async Task The_only_profile_holding_the_role_is_used_whatever_its_name()
        {
            string only = _world.Iam.AddProfile("web-profile", RoleChangeWorld.NewRole);

            TargetProfile target = await _world.Engine().ResolveTargetAsync(CancellationToken.None);

            Assert.Equal(only, target.Arn);
        }

        [Fact]
        public async Task Several_profiles_and_none_named_after_the_role_is_an_error_that_lists_them()
        {
            _world.Iam.AddProfile("web-a", RoleChangeWorld.NewRole);
            _world.Iam.AddProfile("web-b", RoleChangeWorld.NewRole);

            var error = await Assert.ThrowsAsync<InstanceProfileToolsException>(() => _world.Engine().ResolveTargetAsync(CancellationToken.None));

            Assert.Equal(ErrorIds.AmbiguousInstanceProfile, error.ErrorId);
            Assert.Contains("'web-a'", error.Message, StringComparison.Ordinal);
            Assert.Contains("'web-b'", error.Message, StringComparison.Ordinal);
            Assert.Equal(0, _world.MutatingIamCalls);
        }

        [Fact]
        public async Task With_none_a_profile_named_after_the_role_is_created_and_waited_for()
        {
            _world.Iam.AddRole(RoleChangeWorld.NewRole);
            _world.Iam.RolePropagation = TimeSpan.FromSeconds(8);
            _world.Iam.InvisibleReadsAfterCreate = 2;

            TargetProfile target = await _world.Engine().ResolveTargetAsync(CancellationToken.None);

            Assert.True(target.Created);
            Assert.Equal(RoleChangeWorld.NewRole, target.Name);
            Assert.Equal(FakeIam.ArnOf(RoleChangeWorld.NewRole), target.Arn);
            Assert.True(_world.Iam.Calls.Count(c => c.StartsWith("AddRoleToInstanceProfile", StringComparison.Ordinal)) > 1, "the new role's NoSuchEntity is retried");
            Assert.True(_world.Iam.Calls.Count(c => c.StartsWith("GetInstanceProfile", StringComparison.Ordinal)) >= 2 + 3, "the profile is read until seen three times in a row");
        }

        [Fact]
        public async Task NoCreate_refuses_to_create_a_profile()
        {
            _world.Iam.AddRole(RoleChangeWorld.NewRole);

            var error = await Assert.ThrowsAsync<InstanceProfileToolsException>(() =>
                _world.Engine(new RoleChangeOptions { RoleName = RoleChangeWorld.NewRole, NoCreate = true }).ResolveTargetAsync(CancellationToken.None));

            Assert.Equal(ErrorIds.InstanceProfileNotFound, error.ErrorId);
            Assert.Contains("-NoCreate", error.Message, StringComparison.Ordinal);
            Assert.Equal(0, _world.MutatingIamCalls);
        }

        [Fact]
        public async Task A_profile_named_after_the_role_that_holds_another_role_is_never_changed()
        {
            _world.Iam.AddRole(RoleChangeWorld.NewRole);
            _world.Iam.AddProfile(RoleChangeWorld.NewRole, "someone-elses-role");

            var error = await Assert.ThrowsAsync<InstanceProfileToolsException>(() => _world.Engine().ResolveTargetAsync(CancellationToken.None));

            Assert.Equal(ErrorIds.InstanceProfileAlreadyExists, error.ErrorId);
            Assert.DoesNotContain(_world.Iam.Calls, c => c.StartsWith("AddRole", StringComparison.Ordinal) || c.StartsWith("RemoveRole", StringComparison.Ordinal));
        }

        [Fact]
        public async Task A_named_profile_without_a_role_is_refused()
        {
            _world.Iam.AddProfile("empty", null);

            var error = await Assert.ThrowsAsync<InstanceProfileToolsException>(() =>
                _world.Engine(new RoleChangeOptions { InstanceProfileName = "empty" }).ResolveTargetAsync(CancellationToken.None));

            Assert.Equal(ErrorIds.RoleNotFound, error.ErrorId);
            Assert.Equal(0, _world.MutatingIamCalls);
        }

        [Fact]
        public void Exactly_one_of_role_and_profile_is_required()
        {
            Assert.Throws<InputValidationException>(() => _world.Engine(new RoleChangeOptions()));
            Assert.Throws<InputValidationException>(() => _world.Engine(new RoleChangeOptions { RoleName = "a", InstanceProfileName = "b" }));
        }

        [Fact]
        public async Task A_plan_reads_only_and_says_what_would_happen()
        {
            _world.Iam.AddRole(RoleChangeWorld.NewRole);
            _world.InstanceOnOld("i-0123456789abcdef0");

            RoleChangePlan plan = await _world.Engine().PlanAsync("i-0123456789abcdef0", CancellationToken.None);

            Assert.Equal(RoleChangeMethod.Replace, plan.Method);
            Assert.True(plan.ProfileWouldBeCreated);
            Assert.Equal(_world.OldArn, plan.CurrentInstanceProfileArn);
            Assert.Equal(RoleChangeWorld.OldRole, plan.CurrentRoleName);
            Assert.Contains("to be created", plan.Describe(), StringComparison.Ordinal);
            Assert.Contains(RoleChangeWorld.OldRole, plan.Describe(), StringComparison.Ordinal);
            Assert.Equal(0, _world.MutatingIamCalls);
            Assert.Equal(0, _world.Ec2.MutatingCalls);
        }

        [Fact]
        public async Task A_plan_for_a_stopped_instance_says_disassociate_then_associate()
        {
            _world.AddTarget();
            _world.InstanceOnOld("i-0123456789abcdef0", InstanceProfileTools.Core.Model.InstanceState.Stopped);

            RoleChangePlan plan = await _world.Engine().PlanAsync("i-0123456789abcdef0", CancellationToken.None);

            Assert.Equal(RoleChangeMethod.DisassociateAssociate, plan.Method);
            Assert.False(plan.ProfileWouldBeCreated);
        }
    }
}
