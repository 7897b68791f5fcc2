using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Operations;
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

            var failure = await Assert.ThrowsAsync<InstanceProfileToolsException>(() => Roles.AddAsync("app", "writer", s_propagation, CancellationToken.None));

            Assert.Equal(ErrorIds.InstanceProfileHasRole, failure.ErrorId);
            Assert.Contains("one role", failure.Message);
            Assert.Contains("Set-InstanceRole", failure.Message);
            Assert.DoesNotContain(_world.Iam.Calls, call => call.StartsWith("AddRole", StringComparison.Ordinal));
        }

        [Fact]
        public async Task Add_of_the_role_the_profile_holds_changes_nothing()
        {
            _world.Iam.AddProfile("app", "reader");

            IamInstanceProfile profile = await Roles.AddAsync("app", "reader", s_propagation, CancellationToken.None);

            Assert.Equal("reader", Assert.Single(profile.Roles).RoleName);
            Assert.DoesNotContain(_world.Iam.Calls, call => call.StartsWith("AddRole", StringComparison.Ordinal));
        }

        [Fact]
        public async Task Add_to_a_missing_profile_is_InstanceProfileNotFound()
        {
            var failure = await Assert.ThrowsAsync<AwsServiceException>(() => Roles.AddAsync("missing", "reader", s_propagation, CancellationToken.None));

            Assert.Equal(ErrorIds.InstanceProfileNotFound, failure.ErrorId);
        }

        [Fact]
        public async Task Remove_from_a_profile_in_use_needs_force_and_explains_the_delay()
        {
            string arn = _world.Iam.AddProfile("app", "reader");
            _world.Ec2.AddInstance("i-0123456789abcdef0");
            _world.Ec2.Attach("i-0123456789abcdef0", arn);

            var failure = await Assert.ThrowsAsync<InstanceProfileToolsException>(() => Roles.RemoveAsync("app", null, false, CancellationToken.None));

            Assert.Equal(ErrorIds.InstanceProfileInUse, failure.ErrorId);
            Assert.Contains("up to an hour", failure.Message);
            Assert.DoesNotContain(_world.Iam.Calls, call => call.StartsWith("RemoveRole", StringComparison.Ordinal));

            IamInstanceProfile emptied = await Roles.RemoveAsync("app", null, true, CancellationToken.None);

            Assert.Empty(emptied.Roles);
            Assert.Contains("RemoveRoleFromInstanceProfile app reader", _world.Iam.Calls);
        }

        [Fact]
        public async Task Remove_of_a_role_the_profile_does_not_hold_is_RoleNotFound()
        {
            _world.Iam.AddProfile("app", "reader");

            var failure = await Assert.ThrowsAsync<InstanceProfileToolsException>(() => Roles.RemoveAsync("app", "writer", true, CancellationToken.None));

            Assert.Equal(ErrorIds.RoleNotFound, failure.ErrorId);
            Assert.Equal("writer", failure.Target);
            Assert.Equal(0, _world.Iam.Calls.Count(call => call.StartsWith("RemoveRole", StringComparison.Ordinal)));
        }
    }
}
