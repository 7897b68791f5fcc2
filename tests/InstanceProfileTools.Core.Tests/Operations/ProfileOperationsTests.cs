using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.ErrorMapping;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Operations;
using InstanceProfileTools.Core.Retry;
using InstanceProfileTools.Core.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Core.Tests.Operations
{
    [Trait("Category", "Operations")]
    public sealed class ProfileOperationsTests
    {
        private static readonly TimeSpan s_propagation = TimeSpan.FromMinutes(2);
        private readonly RoleChangeWorld _world = new() { ProfilePropagation = System.TimeSpan.Zero };

        private ProfileOperations Profiles => new(_world.Context);

        [Fact]
        public async Task Create_with_a_role_IAM_does_not_know_yet_retries_until_it_propagates()
        {
            _world.Iam.AddRole("fresh");
            _world.Iam.RolePropagation = TimeSpan.FromSeconds(10);

            IamInstanceProfile created = await Profiles.CreateAsync(new ProfileCreation("app") { RoleName = "fresh" }, new WaitOptions(s_propagation, false, TimeSpan.FromMinutes(5)), CancellationToken.None);

            Assert.Equal("fresh", Assert.Single(created.Roles).RoleName);
            Assert.True(_world.Iam.Calls.Count(call => call.StartsWith("AddRoleToInstanceProfile", StringComparison.Ordinal)) > 1);
        }

        [Fact]
        public async Task Create_with_a_role_that_does_not_exist_is_RoleNotFound_and_creates_nothing()
        {
            // The trust check reads the role first: an unknown role stops the command before the profile exists.
            var failure = await Assert.ThrowsAsync<AwsServiceException>(() =>
                Profiles.CreateAsync(new ProfileCreation("app") { RoleName = "ghost" }, new WaitOptions(TimeSpan.FromSeconds(20), false, TimeSpan.FromMinutes(5)), CancellationToken.None));

            Assert.Equal(ErrorIds.RoleNotFound, failure.ErrorId);
            Assert.Equal("ghost", failure.Target);
            Assert.DoesNotContain(_world.Iam.Calls, call => call.StartsWith("CreateInstanceProfile", StringComparison.Ordinal));
        }

        [Fact]
        public async Task Create_with_a_role_that_never_appears_is_RoleNotFound_and_deletes_the_new_profile()
        {
            var failure = await Assert.ThrowsAsync<AwsServiceException>(() =>
                Profiles.CreateAsync(new ProfileCreation("app") { RoleName = "ghost", SkipTrustCheck = true }, new WaitOptions(TimeSpan.FromSeconds(20), false, TimeSpan.FromMinutes(5)), CancellationToken.None));

            Assert.Equal(ErrorIds.RoleNotFound, failure.ErrorId);
            Assert.Equal("ghost", failure.Target);
            Assert.Equal("NoSuchEntity", failure.ErrorCode);
            Assert.Contains("DeleteInstanceProfile app", _world.Iam.Calls);
        }

        [Fact]
        public async Task Create_with_wait_returns_only_after_consecutive_reads_see_the_profile()
        {
            _world.Iam.InvisibleReadsAfterCreate = 2;

            await Profiles.CreateAsync(new ProfileCreation("app"), new WaitOptions(s_propagation, true, TimeSpan.FromMinutes(5)), CancellationToken.None);

            Assert.Equal(2 + ProfileOperations.ConsecutiveReads, _world.Iam.Calls.Count(call => call == "GetInstanceProfile app"));
        }

        [Fact]
        public async Task Create_with_a_role_but_without_wait_reads_it_once_within_the_propagation_timeout_not_the_wait_timeout()
        {
            _world.Iam.AddRole("reader");
            _world.Iam.InvisibleReadsAfterCreate = 2;

            IamInstanceProfile created = await Profiles.CreateAsync(
                new ProfileCreation("app") { RoleName = "reader" }, new WaitOptions(s_propagation, false, TimeSpan.FromSeconds(1)), CancellationToken.None);

            Assert.Equal("reader", Assert.Single(created.Roles).RoleName);
            Assert.Equal(3, _world.Iam.Calls.Count(call => call == "GetInstanceProfile app"));
        }

        [Fact]
        public async Task Wait_answers_a_profile_that_exists_when_the_timeout_leaves_no_room_for_consecutive_reads()
        {
            _world.Iam.AddProfile("app", "reader");

            // Three reads take two poll intervals: a timeout of one and a half leaves room for two.
            TimeSpan timeout = TimeSpan.FromTicks(Poller.DefaultInterval.Ticks * 3 / 2);
            IamInstanceProfile found = await Profiles.WaitAsync("app", "reader", timeout, CancellationToken.None);

            Assert.Equal("app", found.InstanceProfileName);
            Assert.True(_world.Iam.Calls.Count(call => call == "GetInstanceProfile app") < ProfileOperations.ConsecutiveReads);
        }

        [Fact]
        public async Task Wait_times_out_when_the_last_read_before_the_timeout_still_misses()
        {
            _world.Iam.AddProfile("app", null);

            var failure = await Assert.ThrowsAsync<InstanceProfileToolsException>(() =>
                Profiles.WaitAsync("app", "reader", TimeSpan.FromSeconds(3), CancellationToken.None));

            Assert.Equal(ErrorIds.WaitTimedOut, failure.ErrorId);
        }

        [Fact]
        public async Task Wait_times_out_with_WaitTimedOut_naming_the_profile()
        {
            var failure = await Assert.ThrowsAsync<InstanceProfileToolsException>(() =>
                Profiles.WaitAsync("missing", null, TimeSpan.FromSeconds(30), CancellationToken.None));

            Assert.Equal(ErrorIds.WaitTimedOut, failure.ErrorId);
            Assert.Equal(FailureKind.OperationTimeout, failure.Kind);
            Assert.Equal("missing", failure.Target);
        }

        [Fact]
        public async Task Remove_refuses_a_profile_an_instance_uses_and_names_the_instance()
        {
            string arn = _world.Iam.AddProfile("app", "reader");
            _world.Ec2.AddInstance("i-0123456789abcdef0");
            _world.Ec2.Attach("i-0123456789abcdef0", arn);

            var failure = await Assert.ThrowsAsync<InstanceProfileToolsException>(() => Profiles.RemoveAsync("app", true, false, CancellationToken.None));

            Assert.Equal(ErrorIds.InstanceProfileInUse, failure.ErrorId);
            Assert.Equal(FailureKind.ResourceBusy, failure.Kind);
            Assert.Contains("i-0123456789abcdef0", failure.Message);
            Assert.Contains("Set-InstanceRole", RecommendedAction.Of(failure));
            Assert.DoesNotContain(_world.Iam.Calls, call => call.StartsWith("Delete", StringComparison.Ordinal) || call.StartsWith("Remove", StringComparison.Ordinal));
        }

        [Fact]
        public async Task Remove_refuses_a_profile_with_a_role_without_force()
        {
            _world.Iam.AddProfile("app", "reader");

            var failure = await Assert.ThrowsAsync<InstanceProfileToolsException>(() => Profiles.RemoveAsync("app", false, false, CancellationToken.None));

            Assert.Equal(ErrorIds.InstanceProfileHasRole, failure.ErrorId);
            Assert.Contains("-Force", failure.Message);
            Assert.DoesNotContain(_world.Iam.Calls, call => call.StartsWith("Delete", StringComparison.Ordinal));
        }

        [Fact]
        public async Task Remove_with_force_removes_the_role_then_deletes()
        {
            _world.Iam.AddProfile("app", "reader");

            await Profiles.RemoveAsync("app", true, false, CancellationToken.None);

            string[] mutations = _world.Iam.Calls.Where(call => !call.StartsWith("Get", StringComparison.Ordinal)).ToArray();
            Assert.Equal(new[] { "RemoveRoleFromInstanceProfile app reader", "DeleteInstanceProfile app" }, mutations);
        }

        [Fact]
        public async Task Get_of_a_missing_profile_is_InstanceProfileNotFound_with_the_service_details()
        {
            var failure = await Assert.ThrowsAsync<AwsServiceException>(() => Profiles.GetAsync("missing", CancellationToken.None));

            Assert.Equal(ErrorIds.InstanceProfileNotFound, failure.ErrorId);
            Assert.Equal("NoSuchEntity", failure.ErrorCode);
            Assert.Equal("req-iam", failure.RequestId);
        }
    }
}
