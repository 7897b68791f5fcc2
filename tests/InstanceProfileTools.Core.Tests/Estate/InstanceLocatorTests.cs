using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.Estate;
using InstanceProfileTools.Core.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Core.Tests.Estate
{
    [Trait("Category", "Estate")]
    public sealed class InstanceLocatorTests
    {
        [Fact]
        public async Task Each_instance_is_found_in_the_region_that_has_it_with_one_read_per_region()
        {
            var estate = new FakeEstate("us-east-1", "us-east-1", "eu-west-1", "ap-south-1");
            string app = estate.Iam.AddProfile("app", "reader");
            estate.InstanceOn("eu-west-1", "i-0000000000000000a", app);
            estate.In("ap-south-1").AddInstance("i-0000000000000000b");
            Place[] places = { estate.PlaceIn("us-east-1"), estate.PlaceIn("eu-west-1"), estate.PlaceIn("ap-south-1") };

            var found = await InstanceLocator.LocateAsync(places, new[] { "i-0000000000000000a", "i-0000000000000000b", "i-0000000000000000c" }, CancellationToken.None);

            Assert.Equal("eu-west-1", found["i-0000000000000000a"].Region);
            Assert.Equal("ap-south-1", found["i-0000000000000000b"].Region);
            Assert.False(found.ContainsKey("i-0000000000000000c"));
            Assert.All(estate.AllRegions, ec2 => Assert.Single(ec2.Calls));
            Assert.Empty(estate.Mutations);
        }

        [Fact]
        public void An_instance_found_nowhere_is_InstanceNotFound_naming_the_places_looked_in()
        {
            var estate = new FakeEstate("us-east-1", "us-east-1", "eu-west-1");
            Place[] places = { estate.PlaceIn("us-east-1"), estate.PlaceIn("eu-west-1", "210987654321") };

            InstanceProfileToolsException error = InstanceLocator.NotFound("i-0000000000000000c", places);

            Assert.Equal(ErrorIds.InstanceNotFound, error.ErrorId);
            Assert.Contains("123456789012/us-east-1, 210987654321/eu-west-1", error.Message, System.StringComparison.Ordinal);
        }
    }
}
