using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.Diagnostics;
using InstanceProfileTools.Core.Estate;
using InstanceProfileTools.Core.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Core.Tests.Estate
{
    [Trait("Category", "Estate")]
    public sealed class EstateScanTests
    {
        private static readonly string[] s_seventeen =
        {
            "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ap-south-1", "ap-northeast-1", "ap-northeast-2",
            "ap-northeast-3", "ap-southeast-1", "ap-southeast-2", "ca-central-1", "eu-central-1", "eu-west-1",
            "eu-west-2", "eu-west-3", "eu-north-1", "sa-east-1",
        };

        [Fact]
        public async Task A_scan_finds_each_profiles_instances_in_every_enabled_region_naming_the_region()
        {
            var estate = new FakeEstate("us-east-1", "us-east-1", "eu-west-1", "ap-south-1");
            string app = estate.Iam.AddProfile("app", "reader");
            string other = estate.Iam.AddProfile("other", "reader");
            estate.InstanceOn("eu-west-1", "i-0000000000000000a", app);
            estate.InstanceOn("ap-south-1", "i-0000000000000000b", app);
            estate.InstanceOn("us-east-1", "i-0000000000000000c", other);

            EstateReading reading = await new EstateScan(estate.Regions, estate).ReadAsync(CancellationToken.None);

            Assert.Equal(new[] { "ap-south-1", "eu-west-1", "us-east-1" }, reading.RegionsRead);
            Assert.Empty(reading.Unreadable);
            Assert.Equal(new[] { "i-0000000000000000b (ap-south-1)", "i-0000000000000000a (eu-west-1)" }, reading.UsersOf(app).Select(u => u.ToString()));
            Assert.Equal("i-0000000000000000c", Assert.Single(reading.UsersOf(other)).Association.InstanceId);
            Assert.False(reading.IsUsed(app.Replace("/app", "/unused", StringComparison.Ordinal)));
        }

        [Fact]
        public async Task An_association_on_its_way_out_does_not_count_as_a_user()
        {
            var estate = new FakeEstate("us-east-1", "us-east-1", "eu-west-1");
            string app = estate.Iam.AddProfile("app", "reader");
            string next = estate.Iam.AddProfile("next", "reader");
            estate.InstanceOn("eu-west-1", "i-0000000000000000a", app);
            estate.In("eu-west-1").ReplaceAsRival("i-0000000000000000a", next);

            EstateReading reading = await new EstateScan(estate.Regions, estate).ReadAsync(CancellationToken.None);

            Assert.False(reading.IsUsed(app));
            Assert.True(reading.IsUsed(next));
        }

        [Fact]
        public async Task Regions_are_read_concurrently_but_never_more_than_the_bound_at_once()
        {
            var estate = new FakeEstate("us-east-1", s_seventeen);
            const int Bound = 4;
            int inFlight = 0;
            int most = 0;
            var bothered = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            foreach (FakeEc2 region in estate.AllRegions)
            {
                region.BeforeRead = async () =>
                {
                    int now = Interlocked.Increment(ref inFlight);
                    lock (bothered) most = Math.Max(most, now);
                    if (now >= Bound) bothered.TrySetResult(true);

                    // Reads wait until the bound is reached: a scan that read one region at a time would never get
                    // there, and the safety timeout would fail the test instead of hanging it.
                    await bothered.Task.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
                    Interlocked.Decrement(ref inFlight);
                };
            }

            EstateReading reading = await new EstateScan(estate.Regions, estate, Bound).ReadAsync(CancellationToken.None);

            Assert.Equal(17, reading.RegionsRead.Count);
            Assert.Equal(Bound, most);
        }

        [Fact]
        public async Task Each_other_region_gets_a_client_of_its_own_made_once_and_the_home_region_uses_the_commands()
        {
            var estate = new FakeEstate("eu-west-1", "us-east-1", "eu-west-1", "ap-south-1");
            RegionalEc2 regions = estate.Regions;

            await new EstateScan(regions, estate).ReadAsync(CancellationToken.None);
            await new EstateScan(regions, estate).ReadAsync(CancellationToken.None);

            Assert.Equal(new[] { "ap-south-1", "us-east-1" }, estate.Opened.OrderBy(r => r, StringComparer.Ordinal));
            Assert.Equal(2, estate.In("ap-south-1").AssociationReadCount);
            Assert.Equal(2, estate.In("eu-west-1").Calls.Count(c => c == "DescribeRegions"));
            Assert.DoesNotContain("DescribeRegions", estate.In("us-east-1").Calls);
        }

        [Theory]
        [InlineData("not enabled", "AuthFailure", "not enabled")]
        [InlineData("denied", "UnauthorizedOperation", "access denied")]
        public async Task A_region_that_cannot_be_read_is_named_with_why_and_the_others_are_read(string how, string code, string why)
        {
            var estate = new FakeEstate("us-east-1", "us-east-1", "eu-west-1", "eu-south-1");
            string app = estate.Iam.AddProfile("app", "reader");
            estate.InstanceOn("eu-west-1", "i-0000000000000000a", app);
            if (how == "denied") estate.Denied("eu-south-1");
            else estate.NotEnabled("eu-south-1");

            EstateReading reading = await new EstateScan(estate.Regions, estate).ReadAsync(CancellationToken.None);

            UnreadableRegion unreadable = Assert.Single(reading.Unreadable);
            Assert.Equal("eu-south-1", unreadable.Region);
            Assert.StartsWith(code, unreadable.Reason, StringComparison.Ordinal);
            Assert.Contains(why, unreadable.Reason, StringComparison.Ordinal);
            Assert.Equal(new[] { "eu-west-1", "us-east-1" }, reading.RegionsRead);
            Assert.True(reading.IsUsed(app));
        }

        [Fact]
        public async Task A_region_list_that_cannot_be_read_is_RegionListUnreadable_and_no_region_is_read()
        {
            var estate = new FakeEstate("us-east-1", "us-east-1", "eu-west-1");
            estate.In("us-east-1").Fault = call => call.Action == "DescribeRegions"
                ? FakeErrors.Ec2(AwsCall.Ec2("DescribeRegions"), "UnauthorizedOperation", "You are not authorized to perform this operation.", 403)
                : null;

            var failure = await Assert.ThrowsAsync<InstanceProfileToolsException>(() => new EstateScan(estate.Regions, estate).ReadAsync(CancellationToken.None));

            Assert.Equal(ErrorIds.RegionListUnreadable, failure.ErrorId);
            Assert.Equal(FailureKind.PermissionDenied, failure.Kind);
            Assert.Equal("us-east-1", failure.Target);
            Assert.Contains("ec2:DescribeRegions", failure.Message, StringComparison.Ordinal);
            Assert.All(estate.AllRegions, region => Assert.Equal(0, region.AssociationReadCount));
        }

        [Fact]
        public async Task A_context_without_other_regions_reads_its_own_region_alone_without_listing_regions()
        {
            var world = new RoleChangeWorld();

            EstateReading reading = await new EstateScan(world.Context.Regions, world).ReadAsync(CancellationToken.None);

            Assert.Equal(new[] { RegionalEc2.ConfiguredRegion }, reading.RegionsRead);
            Assert.DoesNotContain("DescribeRegions", world.Ec2.Calls);
        }
    }
}
