using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Operations;
using InstanceProfileTools.Core.Retry;
using InstanceProfileTools.Core.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Core.Tests.Operations
{
    [Trait("Category", "Operations")]
    public sealed class ProfileRoleOperationsTests
    {
        private static readonly TimeSpan s_propagation = TimeSpan.FromMinutes(2);
        private readonly RoleChangeWorld _world = new() { ProfilePropagation = System.TimeSpan.Zero };

        private ProfileRoleOperations Roles => new(_world.Context);

        [Fact]
        public async Task Add_to_a_profile_holding_another_role_is_InstanceProfileHasRole_without_calling_IAM_to_add()
        {
            _world.Iam.AddProfile("app", "reader");
            _world.Iam.AddRole("writer");

            var failure = await Assert.ThrowsAsync<InstanceProfileToolsException>(() => Roles.AddAsync("app", "writer", false, s_propagation, CancellationToken.None));

            Assert.Equal(ErrorIds.InstanceProfileHasRole, failure.ErrorId);
            Assert.Contains("one role", failure.Message);
            Assert.Contains("Set-InstanceRole", failure.Message);
            Assert.DoesNotContain(_world.Iam.Calls, call => call.StartsWith("AddRole", StringComparison.Ordinal));
        }

        private const string LambdaTrust = "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

        [Fact]
        public async Task Add_of_a_role_EC2_may_not_assume_is_refused_before_IAM_is_asked_to_add_it_unless_skipped()
        {
            _world.Iam.AddProfile("app", null);
            _world.Iam.AddRole("lambda-only");
            _world.Iam.TrustPolicies["lambda-only"] = LambdaTrust;

            var refused = await Assert.ThrowsAsync<InstanceProfileToolsException>(() => Roles.AddAsync("app", "lambda-only", false, s_propagation, CancellationToken.None));

            Assert.Equal(ErrorIds.RoleNotAssumableByEc2, refused.ErrorId);
            Assert.Equal("lambda-only", refused.Target);
            Assert.Contains("lambda.amazonaws.com", refused.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(_world.Iam.Calls, call => call.StartsWith("AddRole", StringComparison.Ordinal));

            IamInstanceProfile profile = await Roles.AddAsync("app", "lambda-only", true, s_propagation, CancellationToken.None);
            Assert.Equal("lambda-only", Assert.Single(profile.Roles).RoleName);
        }

        [Fact]
        public async Task Create_with_a_role_EC2_may_not_assume_creates_nothing()
        {
            _world.Iam.AddRole("lambda-only");
            _world.Iam.TrustPolicies["lambda-only"] = LambdaTrust;

            var refused = await Assert.ThrowsAsync<InstanceProfileToolsException>(() => new ProfileOperations(_world.Context).CreateAsync(
                new ProfileCreation("app") { RoleName = "lambda-only" }, new WaitOptions(s_propagation, false, s_propagation), CancellationToken.None));

            Assert.Equal(ErrorIds.RoleNotAssumableByEc2, refused.ErrorId);
            Assert.DoesNotContain(_world.Iam.Calls, call => call.StartsWith("CreateInstanceProfile", StringComparison.Ordinal));
        }

        [Fact]
        public async Task A_trust_policy_with_a_condition_is_a_warning_and_the_role_is_added()
        {
            _world.Iam.AddProfile("app", null);
            _world.Iam.AddRole("conditional");
            _world.Iam.TrustPolicies["conditional"] = "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":{\"aws:SourceAccount\":\"123456789012\"}}}]}";

            IamInstanceProfile profile = await Roles.AddAsync("app", "conditional", false, s_propagation, CancellationToken.None);

            Assert.Equal("conditional", Assert.Single(profile.Roles).RoleName);
            Assert.Contains(_world.Warnings, warning => warning.StartsWith("EC2 may not be able to assume role 'conditional'", StringComparison.Ordinal));
        }

        [Fact]
        public async Task Add_of_the_role_the_profile_holds_changes_nothing()
        {
            _world.Iam.AddProfile("app", "reader");

            IamInstanceProfile profile = await Roles.AddAsync("app", "reader", false, s_propagation, CancellationToken.None);

            Assert.Equal("reader", Assert.Single(profile.Roles).RoleName);
            Assert.DoesNotContain(_world.Iam.Calls, call => call.StartsWith("AddRole", StringComparison.Ordinal));
        }

        [Fact]
        public async Task Add_to_a_missing_profile_is_InstanceProfileNotFound()
        {
            var failure = await Assert.ThrowsAsync<AwsServiceException>(() => Roles.AddAsync("missing", "reader", false, s_propagation, CancellationToken.None));

            Assert.Equal(ErrorIds.InstanceProfileNotFound, failure.ErrorId);
        }

        [Fact]
        public async Task Remove_from_a_profile_in_use_needs_force_and_explains_the_delay()
        {
            string arn = _world.Iam.AddProfile("app", "reader");
            _world.Ec2.AddInstance("i-0123456789abcdef0");
            _world.Ec2.Attach("i-0123456789abcdef0", arn);

            var failure = await Assert.ThrowsAsync<InstanceProfileToolsException>(() => Roles.RemoveAsync("app", null, false, false, CancellationToken.None));

            Assert.Equal(ErrorIds.InstanceProfileInUse, failure.ErrorId);
            Assert.Contains("up to an hour", failure.Message);
            Assert.DoesNotContain(_world.Iam.Calls, call => call.StartsWith("RemoveRole", StringComparison.Ordinal));

            IamInstanceProfile emptied = await Roles.RemoveAsync("app", null, true, false, CancellationToken.None);

            Assert.Empty(emptied.Roles);
            Assert.Contains("RemoveRoleFromInstanceProfile app reader", _world.Iam.Calls);
        }

        [Fact]
        public async Task Remove_of_a_role_the_profile_does_not_hold_is_RoleNotFound()
        {
            _world.Iam.AddProfile("app", "reader");

            var failure = await Assert.ThrowsAsync<InstanceProfileToolsException>(() => Roles.RemoveAsync("app", "writer", true, false, CancellationToken.None));

            Assert.Equal(ErrorIds.RoleNotFound, failure.ErrorId);
            Assert.Equal("writer", failure.Target);
            Assert.Equal(0, _world.Iam.Calls.Count(call => call.StartsWith("RemoveRole", StringComparison.Ordinal)));
        }
    }
}
