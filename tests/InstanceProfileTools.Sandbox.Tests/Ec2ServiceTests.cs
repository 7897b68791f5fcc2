using System.Collections.Generic;
using System.Xml.Linq;
using InstanceProfileTools.Sandbox.Protocol;
using InstanceProfileTools.Sandbox.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Sandbox.Tests
{
    [Trait("Category", "Ec2")]
    public sealed class Ec2ServiceTests
    {
        private readonly TestSandbox _sandbox = new TestSandbox();

        [Fact]
        public void RunInstancesWithProfileCreatesOneAssociationPerInstance()
        {
            _sandbox.ProfileWithRole("p");

            List<string> ids = _sandbox.Launch(3, "p");

            Assert.All(ids, id => Assert.Matches("^i-[0-9a-f]{17}$", id));
            Assert.All(ids, id => Assert.Equal(new[] { "associated" }, _sandbox.StatesOf(id)));
        }

        [Fact]
        public void AnswersInEc2NamespaceWithRequestIdFirst()
        {
            XElement response = _sandbox.CallEc2("DescribeInstances");

            Assert.Equal("{http://ec2.amazonaws.com/doc/2016-11-15/}DescribeInstancesResponse", response.Name.ToString());
            Assert.Equal("requestId", ((XElement)response.FirstNode!).Name.LocalName);
        }

        [Fact]
        public void ReplaceAnswersNewIdAssociatingAndRetiresOld()
        {
            _sandbox.ProfileWithRole("a");
            _sandbox.ProfileWithRole("b");
            string instance = _sandbox.Launch(1, "a")[0];
            string old = TestSandbox.Value(_sandbox.CallEc2("DescribeIamInstanceProfileAssociations"), "associationId");

            XElement replaced = _sandbox.CallEc2("ReplaceIamInstanceProfileAssociation", ("AssociationId", old), ("IamInstanceProfile.Name", "b"));

            Assert.NotEqual(old, TestSandbox.Value(replaced, "associationId"));
            Assert.Equal("associating", TestSandbox.Value(replaced, "state"));
            Assert.Equal(new[] { TestSandbox.Value(replaced, "associationId") }, TestSandbox.Values(_sandbox.CallEc2("DescribeIamInstanceProfileAssociations"), "associationId"));
            Assert.Equal("InvalidAssociationID.NotFound", _sandbox.Ec2Error("DisassociateIamInstanceProfile", ("AssociationId", old)).Code);
            Assert.Contains("instance-profile/b", TestSandbox.Value(_sandbox.CallEc2("DescribeInstances", ("InstanceId.1", instance)), "arn"));
        }

        [Fact]
        public void ReplaceOnStoppedInstanceIsIncorrectState()
        {
            _sandbox.ProfileWithRole("a");
            string instance = _sandbox.Launch(1, "a")[0];
            string association = TestSandbox.Value(_sandbox.CallEc2("DescribeIamInstanceProfileAssociations"), "associationId");
            _sandbox.CallEc2("StopInstances", ("InstanceId.1", instance));

            AwsServiceException error = _sandbox.Ec2Error("ReplaceIamInstanceProfileAssociation", ("AssociationId", association), ("IamInstanceProfile.Name", "a"));

            Assert.Equal(("IncorrectState", $"The association {association} is not the active association"), (error.Code, error.Message));
        }

        [Fact]
        public void StoppedInstanceCanBeDisassociatedThenAssociated()
        {
            _sandbox.ProfileWithRole("a");
            string instance = _sandbox.Launch(1, "a")[0];
            string association = TestSandbox.Value(_sandbox.CallEc2("DescribeIamInstanceProfileAssociations"), "associationId");
            _sandbox.CallEc2("StopInstances", ("InstanceId.1", instance));

            _sandbox.CallEc2("DisassociateIamInstanceProfile", ("AssociationId", association));
            _sandbox.Associate(instance, "a");

            Assert.Equal(new[] { "associated" }, _sandbox.StatesOf(instance));
        }

        [Theory]
        [InlineData("i-123", "InvalidInstanceID.Malformed")]
        [InlineData("sg-0123456789abcdef0", "InvalidInstanceID.Malformed")]
        [InlineData("i-0000000aaaaaaaaaa", "InvalidInstanceID.NotFound")]
        public void TellsMalformedInstanceIdsFromUnknownOnes(string instanceId, string code)
        {
            _sandbox.ProfileWithRole("p");

            AwsServiceException error = _sandbox.Ec2Error("AssociateIamInstanceProfile", ("InstanceId", instanceId), ("IamInstanceProfile.Name", "p"));

            Assert.Equal((code, 400), (error.Code, error.Status));
        }

        [Theory]
        [InlineData("i-0123456789abcdef0", "InvalidParameterValue")]
        [InlineData("iip-assoc-0000000000000000a", "InvalidAssociationID.NotFound")]
        public void TellsMalformedAssociationIdsFromUnknownOnes(string associationId, string code)
        {
            Assert.Equal(code, _sandbox.Ec2Error("DisassociateIamInstanceProfile", ("AssociationId", associationId)).Code);
        }

        [Fact]
        public void RefusesSecondAssociation()
        {
            _sandbox.ProfileWithRole("p");
            string instance = _sandbox.Launch(1, "p")[0];

            AwsServiceException error = _sandbox.Ec2Error("AssociateIamInstanceProfile", ("InstanceId", instance), ("IamInstanceProfile.Name", "p"));

            Assert.Equal(("IncorrectState", $"There is an existing association for instance {instance}"), (error.Code, error.Message));
        }

        [Fact]
        public void RefusesUnknownAndRolelessProfiles()
        {
            _sandbox.CallIam("CreateInstanceProfile", ("InstanceProfileName", "empty"));
            string instance = _sandbox.Launch(1)[0];

            AwsServiceException unknown = _sandbox.Ec2Error("AssociateIamInstanceProfile", ("InstanceId", instance), ("IamInstanceProfile.Arn", "arn:aws:iam::123456789012:instance-profile/ghost"));
            AwsServiceException roleless = _sandbox.Ec2Error("AssociateIamInstanceProfile", ("InstanceId", instance), ("IamInstanceProfile.Name", "empty"));

            Assert.Equal("Value (arn:aws:iam::123456789012:instance-profile/ghost) for parameter iamInstanceProfile.arn is invalid. Invalid IAM Instance Profile ARN", unknown.Message);
            Assert.Equal("InvalidParameterValue", roleless.Code);
            Assert.EndsWith("has no associated IAM Roles", roleless.Message);
        }

        [Fact]
        public void TerminationRetiresAssociation()
        {
            _sandbox.ProfileWithRole("p");
            string instance = _sandbox.Launch(1, "p")[0];

            _sandbox.CallEc2("TerminateInstances", ("InstanceId.1", instance));

            Assert.Empty(_sandbox.StatesOf(instance));
            Assert.Equal("terminated", TestSandbox.Value(_sandbox.CallEc2("DescribeInstances", ("InstanceId.1", instance)), "name"));
        }

        [Fact]
        public void PagesAssociationsWithNextToken()
        {
            _sandbox.ProfileWithRole("p");
            List<string> ids = _sandbox.Launch(7, "p");

            XElement first = _sandbox.CallEc2("DescribeIamInstanceProfileAssociations", ("MaxResults", "5"));
            XElement second = _sandbox.CallEc2("DescribeIamInstanceProfileAssociations", ("MaxResults", "5"), ("NextToken", TestSandbox.Value(first, "nextToken")));

            Assert.Equal(ids.GetRange(0, 5), TestSandbox.Values(first, "instanceId"));
            Assert.Equal(ids.GetRange(5, 2), TestSandbox.Values(second, "instanceId"));
            Assert.Empty(TestSandbox.Values(second, "nextToken"));
        }

        [Theory]
        [InlineData("4")]
        [InlineData("1001")]
        public void RefusesMaxResultsOutsideFiveToThousand(string maxResults)
        {
            Assert.Equal("InvalidParameterValue", _sandbox.Ec2Error("DescribeIamInstanceProfileAssociations", ("MaxResults", maxResults)).Code);
        }

        [Fact]
        public void RefusesUnknownFilter()
        {
            Assert.Equal("InvalidParameterValue", _sandbox.Ec2Error("DescribeIamInstanceProfileAssociations", ("Filter.1.Name", "owner"), ("Filter.1.Value.1", "x")).Code);
        }

        [Fact]
        public void RunInstancesRequiresCountsAndWellFormedImage()
        {
            Assert.Equal("MissingParameter", _sandbox.Ec2Error("RunInstances", ("ImageId", "ami-12345678"), ("MaxCount", "1")).Code);
            Assert.Equal("InvalidAMIID.Malformed", _sandbox.Ec2Error("RunInstances", ("ImageId", "image"), ("MinCount", "1"), ("MaxCount", "1")).Code);
            Assert.Equal("InvalidParameterValue", _sandbox.Ec2Error("RunInstances", ("ImageId", "ami-12345678"), ("MinCount", "2"), ("MaxCount", "1")).Code);
        }

        [Fact]
        public void DryRunAnswersDryRunOperationAndChangesNothing()
        {
            AwsServiceException error = _sandbox.Ec2Error("RunInstances", ("ImageId", "ami-12345678"), ("MinCount", "1"), ("MaxCount", "1"), ("DryRun", "true"));

            Assert.Equal(("DryRunOperation", 412), (error.Code, error.Status));
            Assert.Empty(_sandbox.Ec2State.Instances);
        }
    }
}
