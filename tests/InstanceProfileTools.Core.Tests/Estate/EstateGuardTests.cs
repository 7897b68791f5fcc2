using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.ErrorMapping;
using InstanceProfileTools.Core.Estate;
using InstanceProfileTools.Core.Operations;
using InstanceProfileTools.Core.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Core.Tests.Estate
{
    [Trait("Category", "Estate")]
    public sealed class EstateGuardTests
    {
        private readonly FakeEstate _estate = new("us-east-1", "us-east-1", "eu-west-1", "eu-south-1");

        [Fact]
        public async Task Remove_refuses_a_profile_an_instance_in_another_region_uses_naming_region_and_instance_and_changes_nothing()
        {
            string arn = _estate.Iam.AddProfile("app", "reader");
            _estate.InstanceOn("eu-west-1", "i-0123456789abcdef0", arn);

            var failure = await Assert.ThrowsAsync<InstanceProfileToolsException>(() =>
                new ProfileOperations(_estate.Context).RemoveAsync("app", true, false, CancellationToken.None));

            Assert.Equal(ErrorIds.InstanceProfileInUse, failure.ErrorId);
            Assert.Equal("app", failure.Target);
            Assert.Contains("i-0123456789abcdef0 (eu-west-1)", failure.Message, StringComparison.Ordinal);
            Assert.Contains("Set-InstanceRole", RecommendedAction.Of(failure));
            Assert.Empty(_estate.Mutations);
        }

        [Fact]
        public async Task Remove_refuses_while_a_region_cannot_be_read_naming_it_and_why_and_changes_nothing()
        {
            _estate.Iam.AddProfile("app", "reader");
            _estate.Denied("eu-south-1");

            var failure = await Assert.ThrowsAsync<InstanceProfileToolsException>(() =>
                new ProfileOperations(_estate.Context).RemoveAsync("app", true, false, CancellationToken.None));

            Assert.Equal(ErrorIds.RegionUnreadable, failure.ErrorId);
            Assert.Equal(FailureKind.PermissionDenied, failure.Kind);
            Assert.Equal("eu-south-1", failure.Target);
            Assert.Contains("eu-south-1 (UnauthorizedOperation", failure.Message, StringComparison.Ordinal);
            Assert.Contains("-SkipUnreadableRegion", RecommendedAction.Of(failure));
            Assert.Empty(_estate.Mutations);
        }

        [Fact]
        public async Task Remove_with_SkipUnreadableRegion_goes_on_without_the_region_and_warns_naming_it()
        {
            _estate.Iam.AddProfile("app", null);
            _estate.NotEnabled("eu-south-1");

            await new ProfileOperations(_estate.Context).RemoveAsync("app", false, true, CancellationToken.None);

            Assert.Contains("DeleteInstanceProfile app", _estate.Iam.Calls);
            string warning = Assert.Single(_estate.Warnings);
            Assert.Contains("eu-south-1 (AuthFailure", warning, StringComparison.Ordinal);
        }

        [Fact]
        public async Task An_instance_found_elsewhere_is_reported_before_an_unreadable_region_and_the_skip_does_not_hide_it()
        {
            string arn = _estate.Iam.AddProfile("app", "reader");
            _estate.InstanceOn("eu-west-1", "i-0123456789abcdef0", arn);
            _estate.NotEnabled("eu-south-1");

            var failure = await Assert.ThrowsAsync<InstanceProfileToolsException>(() =>
                new ProfileOperations(_estate.Context).RemoveAsync("app", true, true, CancellationToken.None));

            Assert.Equal(ErrorIds.InstanceProfileInUse, failure.ErrorId);
            Assert.Empty(_estate.Mutations);
        }

        [Fact]
        public async Task RemoveRole_refuses_a_profile_used_in_another_region_and_force_removes_without_reading_a_region()
        {
            string arn = _estate.Iam.AddProfile("app", "reader");
            _estate.InstanceOn("eu-west-1", "i-0123456789abcdef0", arn);
            var roles = new ProfileRoleOperations(_estate.Context);

            var failure = await Assert.ThrowsAsync<InstanceProfileToolsException>(() => roles.RemoveAsync("app", null, false, false, CancellationToken.None));
            Assert.Equal(ErrorIds.InstanceProfileInUse, failure.ErrorId);
            Assert.Contains("i-0123456789abcdef0 (eu-west-1)", failure.Message, StringComparison.Ordinal);
            Assert.Empty(_estate.Mutations);
            int reads = _estate.AllRegions.Sum(region => region.AssociationReadCount);
            Assert.Equal(3, reads);

            await new ProfileRoleOperations(_estate.Context).RemoveAsync("app", null, true, false, CancellationToken.None);

            Assert.Contains("RemoveRoleFromInstanceProfile app reader", _estate.Iam.Calls);
            Assert.Equal(reads, _estate.AllRegions.Sum(region => region.AssociationReadCount));
        }

        [Fact]
        public async Task RemoveRole_refuses_while_a_region_cannot_be_read()
        {
            _estate.Iam.AddProfile("app", "reader");
            _estate.NotEnabled("eu-south-1");

            var failure = await Assert.ThrowsAsync<InstanceProfileToolsException>(() =>
                new ProfileRoleOperations(_estate.Context).RemoveAsync("app", null, false, false, CancellationToken.None));

            Assert.Equal(ErrorIds.RegionUnreadable, failure.ErrorId);
            Assert.Equal(FailureKind.AuthenticationError, failure.Kind);
            Assert.Empty(_estate.Mutations);
        }

        [Fact]
        public async Task Unused_refuses_while_a_region_cannot_be_read_and_with_the_skip_answers_the_regions_read()
        {
            _estate.Denied("eu-south-1");
            _estate.NotEnabled("eu-west-1");

            var failure = await Assert.ThrowsAsync<InstanceProfileToolsException>(() => EstateGuard.ReadForUnusedAsync(_estate.Context, false, CancellationToken.None));
            Assert.Equal(ErrorIds.RegionUnreadable, failure.ErrorId);
            Assert.Equal(new[] { "eu-south-1", "eu-west-1" }, Assert.IsType<string[]>(failure.Target));
            Assert.Contains("listed as unused", failure.Message, StringComparison.Ordinal);

            EstateReading reading = await EstateGuard.ReadForUnusedAsync(_estate.Context, true, CancellationToken.None);
            Assert.Equal(new[] { "us-east-1" }, reading.RegionsRead);
            Assert.Contains("eu-south-1", Assert.Single(_estate.Warnings), StringComparison.Ordinal);
        }
    }
}
