using System;
using System.Collections.Generic;
using System.Linq;
using InstanceProfileTools.Core.Estate;
using InstanceProfileTools.Core.Journal;
using InstanceProfileTools.Core.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Core.Tests.Journal
{
    [Trait("Category", "Journal")]
    public sealed class JournalRoutingTests
    {
        private const string Main = "123456789012";
        private const string Other = "210987654321";

        private static JournalEntry Line(string? account, string? region, string instanceId) =>
            new() { Account = account, Region = region, InstanceId = instanceId, Command = "Set-InstanceRole", Outcome = JournalOutcomes.Changed };

        [Fact]
        public void Each_line_goes_to_its_own_account_and_region()
        {
            var estate = new FakeEstate("us-east-1", "us-east-1", "eu-west-1");
            var places = new Dictionary<string, IReadOnlyList<Place>>
            {
                ["us-east-1"] = new[] { estate.PlaceIn("us-east-1", Main), estate.PlaceIn("us-east-1", Other) },
                ["eu-west-1"] = new[] { estate.PlaceIn("eu-west-1", Main), estate.PlaceIn("eu-west-1", Other) },
            };
            JournalEntry[] entries = { Line(Main, "us-east-1", "i-a"), Line(Other, "eu-west-1", "i-b"), Line(Other, "us-east-1", "i-c"), Line(Main, "us-east-1", "i-d") };

            var routed = JournalRouting.Route(entries, new[] { 0, 1, 2, 3 }, region => places[region!], "j.jsonl");

            Assert.Equal(new[] { 0, 3 }, routed.Single(r => r.Place == places["us-east-1"][0]).Lines);
            Assert.Equal(new[] { 2 }, routed.Single(r => r.Place == places["us-east-1"][1]).Lines);
            Assert.Equal(new[] { 1 }, routed.Single(r => r.Place == places["eu-west-1"][1]).Lines);
            Assert.Equal(3, routed.Count);
        }

        [Fact]
        public void A_line_for_an_account_no_credentials_reach_refuses_the_whole_file_naming_the_line()
        {
            var estate = new FakeEstate("us-east-1", "us-east-1");
            Place[] reached = { estate.PlaceIn("us-east-1", Main) };
            JournalEntry[] entries = { Line(Main, "us-east-1", "i-a"), Line(Other, "us-east-1", "i-b") };

            var refused = Assert.Throws<InputValidationException>(() => JournalRouting.Route(entries, new[] { 0, 1 }, _ => reached, "j.jsonl"));

            Assert.Equal(ErrorIds.JournalNotTrusted, refused.ErrorId);
            Assert.StartsWith("Line 2 of the journal 'j.jsonl'", refused.Message, StringComparison.Ordinal);
            Assert.Contains($"account {Other}, which none of this command's credentials reaches (they reach {Main})", refused.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Only_the_lines_given_are_routed()
        {
            var estate = new FakeEstate("us-east-1", "us-east-1", "eu-west-1");
            var asked = new List<string?>();
            JournalEntry[] entries = { Line(Main, "us-east-1", "i-a"), Line(Main, "eu-west-1", "i-b") };

            var routed = JournalRouting.Route(entries, new[] { 1 }, region => { asked.Add(region); return new[] { estate.PlaceIn(region!) }; }, "j.jsonl");

            Assert.Equal(new string?[] { "eu-west-1" }, asked);
            Assert.Equal(new[] { 1 }, Assert.Single(routed).Lines);
        }
    }
}
