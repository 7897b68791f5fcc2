using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.Estate;
using InstanceProfileTools.Core.Moves;
using InstanceProfileTools.Core.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Core.Tests.Moves
{
    [Trait("Category", "Estate")]
    public sealed class SharedTargetTests
    {
        [Fact]
        public async Task Engines_of_one_account_in_several_regions_find_or_create_the_target_once()
        {
            var estate = new FakeEstate("us-east-1", "us-east-1", "eu-west-1", "ap-south-1");
            estate.Iam.AddRole("new-role");
            var options = new RoleChangeOptions { RoleName = "new-role" };
            Place[] places = { estate.PlaceIn("us-east-1"), estate.PlaceIn("eu-west-1"), estate.PlaceIn("ap-south-1") };
            var first = new RoleChangeEngine(places[0].Context, options);
            RoleChangeEngine[] engines = places.Skip(1).Select(place => new RoleChangeEngine(place.Context, options, sameAccount: first)).Prepend(first).ToArray();

            TargetProfile?[] planned = await Task.WhenAll(engines.Select(engine => engine.FindTargetAsync(CancellationToken.None)));
            TargetProfile[] targets = await Task.WhenAll(engines.Reverse().Select(engine => engine.ResolveTargetAsync(CancellationToken.None)));

            Assert.All(planned, Assert.Null);
            Assert.Single(targets.Select(target => target.Arn).Distinct());
            Assert.Single(estate.Iam.Calls, call => call.StartsWith("CreateInstanceProfile", System.StringComparison.Ordinal));
            Assert.Equal(await IamCallsOfOneRegionAsync(options), estate.Iam.Calls);
        }

        // What one engine alone asks IAM to plan and then resolve the same target.
        private static async Task<string[]> IamCallsOfOneRegionAsync(RoleChangeOptions options)
        {
            var alone = new FakeEstate("us-east-1", "us-east-1");
            alone.Iam.AddRole("new-role");
            var engine = new RoleChangeEngine(alone.PlaceIn("us-east-1").Context, options);
            await engine.FindTargetAsync(CancellationToken.None);
            await engine.ResolveTargetAsync(CancellationToken.None);
            return alone.Iam.Calls.ToArray();
        }
    }
}
