using System.Collections.Generic;
using System.Linq;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Operations;
using InstanceProfileTools.Core.Ports;
using Xunit;

namespace InstanceProfileTools.Core.Tests.Ports
{
    [Trait("Category", "Operations")]
    public sealed class PagingTests
    {
        private readonly List<string?> _requested = new();

        [Fact]
        public void The_first_item_comes_before_the_second_page_is_requested()
        {
            using IEnumerator<int> items = Paging.Lazily<int>(Fetch).GetEnumerator();

            Assert.True(items.MoveNext());

            Assert.Equal(1, items.Current);
            Assert.Equal(new string?[] { null }, _requested);
        }

        [Fact]
        public void Every_page_is_read_in_order_following_the_tokens()
        {
            Assert.Equal(new[] { 1, 2, 3, 4, 5 }, Paging.Lazily<int>(Fetch).ToArray());
            Assert.Equal(new string?[] { null, "p2", "p3" }, _requested);
        }

        [Fact]
        public void A_consumer_that_stops_early_causes_no_further_request()
        {
            Assert.Equal(new[] { 1, 2, 3 }, Paging.Lazily<int>(Fetch).Take(3).ToArray());
            Assert.Equal(new string?[] { null, "p2" }, _requested);
        }

        // Three pages: [1, 2], [3, 4], [5].
        private Page<int> Fetch(string? token)
        {
            _requested.Add(token);
            return token switch
            {
                null => new Page<int>(new[] { 1, 2 }, "p2"),
                "p2" => new Page<int>(new[] { 3, 4 }, "p3"),
                _ => new Page<int>(new[] { 5 }, null),
            };
        }
    }
}
