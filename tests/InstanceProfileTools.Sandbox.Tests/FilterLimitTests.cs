using System.Collections.Generic;
using System.Linq;
using InstanceProfileTools.Sandbox.Protocol;
using InstanceProfileTools.Sandbox.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Sandbox.Tests
{
    /// <summary>EC2's 200 values per filter or id list (EVIDENCE 23), and batched reads over a large fleet.</summary>
    [Trait("Category", "Ec2")]
    public sealed class FilterLimitTests
    {
        private readonly TestSandbox _sandbox = new TestSandbox();

        public static IEnumerable<object?[]> Lists() => new[]
        {
            new object?[] { "DescribeIamInstanceProfileAssociations", "filter", null },
            new object?[] { "DescribeInstances", "filter", null },
            new object?[] { "DescribeInstances", "InstanceId", "InvalidInstanceID.NotFound" },
            new object?[] { "DescribeIamInstanceProfileAssociations", "AssociationId", "InvalidAssociationID.NotFound" },
        };

        [Theory]
        [MemberData(nameof(Lists))]
        public void TwoHundredAndOneValuesAreFilterLimitExceeded(string action, string list, string? _)
        {
            AwsServiceException error = _sandbox.Ec2Error(action, Values(list, 201));

            Assert.Equal(("FilterLimitExceeded", 400, "The maximum number of filter values specified on a single call is 200"), (error.Code, error.Status, error.Message));
        }

        [Theory]
        [MemberData(nameof(Lists))]
        public void TwoHundredValuesAreNotRefusedForTheirNumber(string action, string list, string? unknownIdsError)
        {
            AwsServiceException? error = Record(() => _sandbox.CallEc2(action, Values(list, 200)));

            // The ids are unknown: an id list answers that, a filter simply matches nothing.
            Assert.Equal(unknownIdsError, error?.Code);
        }

        [Fact]
        public void TwoHundredInstanceFilterOnAFleetOfAThousandAnswersExactlyThoseInstances()
        {
            _sandbox.ProfileWithRole("old");
            _sandbox.ProfileWithRole("new");
            List<string> fleet = _sandbox.Launch(1000, "old");
            List<string> replaced = fleet.Where((_, i) => i % 2 == 0).ToList();
            foreach (string instance in replaced)
            {
                string association = AssociationOf(instance);
                _sandbox.CallEc2("ReplaceIamInstanceProfileAssociation", ("AssociationId", association), ("IamInstanceProfile.Name", "new"));
            }

            List<string> batch = fleet.Skip(300).Take(200).ToList();
            var filter = new List<(string, string)> { ("Filter.1.Name", "instance-id") };
            filter.AddRange(batch.Select((id, i) => ($"Filter.1.Value.{i + 1}", id)));
            var answer = _sandbox.CallEc2("DescribeIamInstanceProfileAssociations", filter.ToArray());

            Assert.Equal(batch.OrderBy(i => i), TestSandbox.Values(answer, "instanceId").OrderBy(i => i));
            Assert.Equal(batch.Count(replaced.Contains), TestSandbox.Values(answer, "arn").Count(a => a.EndsWith("/new")));

            var ids = batch.Select((id, i) => ($"InstanceId.{i + 1}", id)).ToArray();
            var instances = _sandbox.CallEc2("DescribeInstances", ids);
            Assert.Equal(batch.OrderBy(i => i), TestSandbox.Values(instances, "instanceId").OrderBy(i => i));
            Assert.Equal(batch.Count(replaced.Contains), TestSandbox.Values(instances, "arn").Count(a => a.EndsWith("/new")));
        }

        private string AssociationOf(string instance) =>
            TestSandbox.Value(_sandbox.CallEc2("DescribeIamInstanceProfileAssociations", ("Filter.1.Name", "instance-id"), ("Filter.1.Value.1", instance)), "associationId");

        private static (string, string)[] Values(string list, int count)
        {
            IEnumerable<string> ids = Enumerable.Range(0, count).Select(i => list == "AssociationId" ? $"iip-assoc-{i:x17}" : $"i-{i:x17}");
            return list == "filter"
                ? ids.Select((id, i) => ($"Filter.1.Value.{i + 1}", id)).Prepend(("Filter.1.Name", "instance-id")).ToArray()
                : ids.Select((id, i) => ($"{list}.{i + 1}", id)).ToArray();
        }

        private static AwsServiceException? Record(System.Action call)
        {
            try
            {
                call();
                return null;
            }
            catch (AwsServiceException error)
            {
                return error;
            }
        }
    }
}
