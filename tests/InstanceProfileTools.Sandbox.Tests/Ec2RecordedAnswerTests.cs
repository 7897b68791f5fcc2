using InstanceProfileTools.Sandbox.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Sandbox.Tests
{
    /// <summary>EC2 answers held against real EC2 output quoted in public reports.</summary>
    [Trait("Category", "Ec2")]
    public sealed class Ec2RecordedAnswerTests
    {
        private readonly TestSandbox _sandbox = new TestSandbox();

        [Theory]
        [InlineData("DescribeInstances", "3", "Value ( 3 ) for parameter maxResults is invalid. Expecting a value greater than 5.")]
        [InlineData("DescribeIamInstanceProfileAssociations", "4", "Value ( 4 ) for parameter maxResults is invalid. Expecting a value greater than 5.")]
        [InlineData("DescribeIamInstanceProfileAssociations", "1001", "Value ( 1001 ) for parameter maxResults is invalid. Expecting a value smaller than or equal to 1000.")]
        public void WordsMaxResultsOutOfRangeAsEc2Does(string action, string maxResults, string message)
        {
            var error = _sandbox.Ec2Error(action, ("MaxResults", maxResults));

            Assert.Equal(("InvalidParameterValue", 400, message), (error.Code, error.Status, error.Message));
        }
    }
}
