using System.Collections.Generic;
using InstanceProfileTools.Sandbox.Protocol;
using InstanceProfileTools.Sandbox.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Sandbox.Tests
{
    /// <summary>The eventual-consistency knobs, on a manual clock: no test here waits.</summary>
    [Trait("Category", "Consistency")]
    public sealed class ConsistencyTests
    {
        private readonly TestSandbox _sandbox = new TestSandbox();

        [Fact]
        public void NewProfileIsUnknownToEc2UntilPropagated()
        {
            _sandbox.Consistency.ProfilePropagationMs = 1000;
            _sandbox.ProfileWithRole("p");
            string instance = _sandbox.Launch(1)[0];

            _sandbox.Clock.Advance(999);
            AwsServiceException error = _sandbox.Ec2Error("AssociateIamInstanceProfile", ("InstanceId", instance), ("IamInstanceProfile.Name", "p"));
            Assert.Equal("Value (p) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name", error.Message);
            Assert.Equal("p", TestSandbox.Value(_sandbox.CallIam("GetInstanceProfile", ("InstanceProfileName", "p")), "InstanceProfileName"));

            _sandbox.Clock.Advance(1);
            _sandbox.Associate(instance, "p");
        }

        [Fact]
        public void RunInstancesAlsoSeesUnpropagatedProfileAsUnknown()
        {
            _sandbox.Consistency.ProfilePropagationMs = 1000;
            _sandbox.ProfileWithRole("p");

            Assert.Equal("InvalidParameterValue", _sandbox.Ec2Error("RunInstances", ("ImageId", "ami-12345678"), ("MinCount", "1"), ("MaxCount", "1"), ("IamInstanceProfile.Name", "p")).Code);
        }

        [Fact]
        public void Ec2SeesOldRoleSetUntilRoleChangePropagated()
        {
            _sandbox.Consistency.RoleOnProfilePropagationMs = 500;
            _sandbox.ProfileWithRole("p");
            string instance = _sandbox.Launch(1)[0];

            AwsServiceException error = _sandbox.Ec2Error("AssociateIamInstanceProfile", ("InstanceId", instance), ("IamInstanceProfile.Name", "p"));
            Assert.EndsWith("has no associated IAM Roles", error.Message);

            _sandbox.Clock.Advance(500);
            _sandbox.Associate(instance, "p");
        }

        [Fact]
        public void RemovedRoleStaysVisibleToEc2UntilPropagated()
        {
            _sandbox.ProfileWithRole("p");
            _sandbox.Consistency.RoleOnProfilePropagationMs = 500;
            List<string> instances = _sandbox.Launch(2);

            _sandbox.CallIam("RemoveRoleFromInstanceProfile", ("InstanceProfileName", "p"), ("RoleName", "p-role"));
            _sandbox.Associate(instances[0], "p");

            _sandbox.Clock.Advance(500);
            Assert.Equal("InvalidParameterValue", _sandbox.Ec2Error("AssociateIamInstanceProfile", ("InstanceId", instances[1]), ("IamInstanceProfile.Name", "p")).Code);
        }

        [Fact]
        public void NewRoleIsNoSuchEntityToAddRoleUntilPropagated()
        {
            _sandbox.Consistency.RolePropagationMs = 300;
            _sandbox.CallIam("CreateRole", ("RoleName", "r"), ("AssumeRolePolicyDocument", "{}"));
            _sandbox.CallIam("CreateInstanceProfile", ("InstanceProfileName", "p"));

            AwsServiceException error = _sandbox.IamError("AddRoleToInstanceProfile", ("InstanceProfileName", "p"), ("RoleName", "r"));
            Assert.Equal(("NoSuchEntity", 404, "The role with name r cannot be found."), (error.Code, error.Status, error.Message));

            _sandbox.Clock.Advance(300);
            _sandbox.CallIam("AddRoleToInstanceProfile", ("InstanceProfileName", "p"), ("RoleName", "r"));
        }

        [Fact]
        public void AssociationsPassThroughAssociatingAndDisassociating()
        {
            _sandbox.Consistency.AssociatingMs = 200;
            _sandbox.Consistency.DisassociatingMs = 100;
            _sandbox.ProfileWithRole("p");
            string instance = _sandbox.Launch(1)[0];
            string association = _sandbox.Associate(instance, "p");

            Assert.Equal(new[] { "associating" }, _sandbox.StatesOf(instance));
            _sandbox.Clock.Advance(200);
            Assert.Equal(new[] { "associated" }, _sandbox.StatesOf(instance));

            _sandbox.CallEc2("DisassociateIamInstanceProfile", ("AssociationId", association));
            Assert.Equal(new[] { "disassociating" }, _sandbox.StatesOf(instance));
            _sandbox.Clock.Advance(100);
            Assert.Empty(_sandbox.StatesOf(instance));
        }

        [Fact]
        public void FlappingReadsAlternateWhilePropagating()
        {
            _sandbox.Consistency.ProfilePropagationMs = 1000;
            _sandbox.Consistency.FlappingReads = true;
            _sandbox.CallIam("CreateInstanceProfile", ("InstanceProfileName", "p"));

            var answers = new List<string>();
            for (int i = 0; i < 4; i++)
            {
                answers.Add(Record(() => _sandbox.CallIam("GetInstanceProfile", ("InstanceProfileName", "p"))));
            }

            Assert.Equal(new[] { "ok", "NoSuchEntity", "ok", "NoSuchEntity" }, answers);
            _sandbox.Clock.Advance(1000);
            Assert.Equal("ok", Record(() => _sandbox.CallIam("GetInstanceProfile", ("InstanceProfileName", "p"))));
        }

        [Fact]
        public void FlappingReadsLetEc2SeeProfileOnAlternateLookups()
        {
            _sandbox.Consistency.ProfilePropagationMs = 1000;
            _sandbox.Consistency.FlappingReads = true;
            _sandbox.ProfileWithRole("p");
            List<string> instances = _sandbox.Launch(2);

            Assert.Equal("InvalidParameterValue", _sandbox.Ec2Error("AssociateIamInstanceProfile", ("InstanceId", instances[0]), ("IamInstanceProfile.Name", "p")).Code);
            _sandbox.Associate(instances[0], "p");
            Assert.Equal("InvalidParameterValue", _sandbox.Ec2Error("AssociateIamInstanceProfile", ("InstanceId", instances[1]), ("IamInstanceProfile.Name", "p")).Code);
        }

        [Fact]
        public void IdentityVariantAnswersEverySecondRefusalWithIncorrectState()
        {
            _sandbox.Consistency.ProfilePropagationMs = 1000;
            _sandbox.Consistency.IdentityNotFoundVariant = true;
            _sandbox.ProfileWithRole("p");
            string instance = _sandbox.Launch(1)[0];

            AwsServiceException first = _sandbox.Ec2Error("AssociateIamInstanceProfile", ("InstanceId", instance), ("IamInstanceProfile.Name", "p"));
            AwsServiceException second = _sandbox.Ec2Error("AssociateIamInstanceProfile", ("InstanceId", instance), ("IamInstanceProfile.Name", "p"));

            Assert.Equal("InvalidParameterValue", first.Code);
            Assert.Equal("IncorrectState", second.Code);
            Assert.Contains("Code=InstanceIdentityProfileNotFound", second.Message);
        }

        [Fact]
        public void StuckAssociationNeverLeavesAssociating()
        {
            _sandbox.ProfileWithRole("p");
            string instance = _sandbox.Launch(1)[0];

            _sandbox.CallEc2Stuck("AssociateIamInstanceProfile", true, ("InstanceId", instance), ("IamInstanceProfile.Name", "p"));
            _sandbox.Clock.Advance(3_600_000);

            Assert.Equal(new[] { "associating" }, _sandbox.StatesOf(instance));
        }

        [Fact]
        public void InstancesStayPendingForInstancePendingMs()
        {
            _sandbox.Consistency.InstancePendingMs = 100;
            string instance = _sandbox.Launch(1)[0];

            Assert.Equal("pending", TestSandbox.Value(_sandbox.CallEc2("DescribeInstances"), "name"));
            Assert.Equal("IncorrectInstanceState", _sandbox.Ec2Error("AssociateIamInstanceProfile", ("InstanceId", instance), ("IamInstanceProfile.Name", "p")).Code);
            _sandbox.Clock.Advance(100);
            Assert.Equal("running", TestSandbox.Value(_sandbox.CallEc2("DescribeInstances"), "name"));
        }

        private static string Record(System.Action call)
        {
            try
            {
                call();
                return "ok";
            }
            catch (AwsServiceException ex)
            {
                return ex.Code;
            }
        }
    }
}
