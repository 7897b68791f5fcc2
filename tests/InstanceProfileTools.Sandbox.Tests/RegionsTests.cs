using System;
using System.Linq;
using System.Threading.Tasks;
using System.Xml.Linq;
using InstanceProfileTools.Sandbox.Hosting;
using InstanceProfileTools.Sandbox.Regions;
using InstanceProfileTools.Sandbox.Settings;
using InstanceProfileTools.Sandbox.State;
using InstanceProfileTools.Sandbox.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Sandbox.Tests
{
    /// <summary>The enabled regions: DescribeRegions, --regions, and what a region that is not enabled answers.</summary>
    [Trait("Category", "Estate")]
    public sealed class RegionsTests
    {
        private readonly TestSandbox _sandbox = new TestSandbox();

        [Fact]
        public void ANewAccountHasTheSeventeenRegionsThatNeedNoOptIn()
        {
            XElement response = _sandbox.CallEc2("DescribeRegions");

            Assert.Equal(RegionCatalog.EnabledByDefault.Order(StringComparer.Ordinal), TestSandbox.Values(response, "regionName"));
            Assert.Equal(17, TestSandbox.Values(response, "regionName").Count);
            Assert.All(TestSandbox.Values(response, "optInStatus"), s => Assert.Equal("opt-in-not-required", s));
            Assert.Contains("ec2.eu-north-1.amazonaws.com", TestSandbox.Values(response, "regionEndpoint"));
        }

        [Fact]
        public void AnswersInEc2sRegionInfoItemShape()
        {
            XElement response = _sandbox.CallEc2("DescribeRegions", ("RegionName.1", "eu-west-1"));

            XNamespace ns = "http://ec2.amazonaws.com/doc/2016-11-15/";
            XElement item = response.Element(ns + "regionInfo")!.Elements(ns + "item").Single();
            Assert.Equal(
                new[] { "regionName", "regionEndpoint", "optInStatus" },
                item.Elements().Select(e => e.Name.LocalName));
            Assert.Equal(("eu-west-1", "ec2.eu-west-1.amazonaws.com"), (item.Element(ns + "regionName")!.Value, item.Element(ns + "regionEndpoint")!.Value));
        }

        [Fact]
        public void AllRegionsAddsTheOptInRegionsAsNotOptedIn()
        {
            XElement response = _sandbox.CallEc2("DescribeRegions", ("AllRegions", "true"));

            var statuses = TestSandbox.Values(response, "regionName").Zip(TestSandbox.Values(response, "optInStatus")).ToDictionary(p => p.First, p => p.Second);
            Assert.Equal(34, statuses.Count);
            Assert.Equal(("not-opted-in", "opt-in-not-required"), (statuses["af-south-1"], statuses["us-west-2"]));
            Assert.Equal(17, statuses.Values.Count(s => s == "not-opted-in"));
        }

        [Fact]
        public void RegionNamesListTheNamedRegionsEnabledOrNot()
        {
            XElement response = _sandbox.CallEc2("DescribeRegions", ("RegionName.1", "me-south-1"), ("RegionName.2", "us-east-2"));

            Assert.Equal(new[] { "me-south-1", "us-east-2" }, TestSandbox.Values(response, "regionName"));
            Assert.Equal(new[] { "not-opted-in", "opt-in-not-required" }, TestSandbox.Values(response, "optInStatus"));
        }

        [Fact]
        public void AnUnknownRegionNameIsInvalidParameterValue()
        {
            var error = _sandbox.Ec2Error("DescribeRegions", ("RegionName.1", "us--east-1"));

            Assert.Equal(("InvalidParameterValue", "Invalid region: [us--east-1]", 400), (error.Code, error.Message, error.Status));
        }

        [Theory]
        [InlineData("region-name", "eu-*", 8)]
        [InlineData("endpoint", "*.us-west-?.amazonaws.com", 2)]
        [InlineData("opt-in-status", "opted-in", 0)]
        public void FiltersTakeWildcards(string name, string value, int expected)
        {
            XElement response = _sandbox.CallEc2("DescribeRegions", ("AllRegions", "true"), ("Filter.1.Name", name), ("Filter.1.Value.1", value));

            Assert.Equal(expected, TestSandbox.Values(response, "regionName").Count);
        }

        [Fact]
        public void AnOptInRegionGivenToRegionsIsOptedIn()
        {
            var store = new SandboxStore(new ManualClock(), "123456789012", new SandboxSettings(), regions: new RegionCatalog(new[] { "us-east-1", "af-south-1" }));

            Assert.Equal(("opted-in", "opt-in-not-required", "not-opted-in"), (store.Regions.OptInStatus("af-south-1"), store.Regions.OptInStatus("us-east-1"), store.Regions.OptInStatus("us-west-2")));
            Assert.False(store.Regions.IsEnabled("us-west-2"));
            Assert.False(store.Regions.IsEnabled(null));
        }

        [Theory]
        [InlineData("us-east-1,mars-north-1", "Unknown region(s) mars-north-1")]
        [InlineData(" , ", "At least one region must be enabled")]
        public void RegionsOptionRefusesUnknownNamesAndAnEmptyList(string regions, string message)
        {
            ArgumentException error = Assert.Throws<ArgumentException>(() => SandboxOptions.Parse(new[] { "--regions", regions }, _ => null));

            Assert.Contains(message, error.Message);
        }

        [Fact]
        public async Task ARegionNotEnabledAnswersAsAwsDoesForEachService()
        {
            SandboxOptions options = SandboxOptions.Parse(new[] { "--port", "0" }, name => name == "SANDBOX_REGIONS" ? "us-east-1,eu-south-1" : null);
            await using SandboxHost host = await SandboxHost.StartAsync(options);
            using var client = new SandboxClient(host.Url, region: "af-south-1");

            var (ec2Status, ec2Body) = await client.CallAsync("ec2", "DescribeInstances");
            var (iamStatus, iamBody) = await client.CallAsync("iam", "ListRoles");
            var (unknownStatus, unknownBody) = await client.With("test", "test", region: "moon-1").CallAsync("ec2", "DescribeRegions");
            var (optedInStatus, _) = await client.With("test", "test", region: "eu-south-1").CallAsync("ec2", "DescribeInstances");
            var (droppedStatus, _) = await client.With("test", "test", region: "us-west-2").CallAsync("ec2", "DescribeInstances");

            Assert.Equal((401, "AuthFailure", "AWS was not able to validate the provided access credentials"), (ec2Status, SandboxClient.Value(ec2Body, "Code"), SandboxClient.Value(ec2Body, "Message")));
            Assert.Equal((403, "InvalidClientTokenId", "The security token included in the request is invalid."), (iamStatus, SandboxClient.Value(iamBody, "Code"), SandboxClient.Value(iamBody, "Message")));
            Assert.Equal((401, "AuthFailure"), (unknownStatus, SandboxClient.Value(unknownBody, "Code")));
            Assert.Equal(200, optedInStatus);
            Assert.Equal(401, droppedStatus);
        }
    }
}
