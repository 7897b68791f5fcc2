using System;
using System.Text.Json;
using InstanceProfileTools.Sandbox.Identity;
using InstanceProfileTools.Sandbox.Protocol;
using InstanceProfileTools.Sandbox.Settings;
using InstanceProfileTools.Sandbox.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Sandbox.Tests
{
    /// <summary>The permissions settings' iam:PassRole: EC2's and IAM's refusals (EVIDENCE row 28).</summary>
    [Trait("Category", "Permissions")]
    public sealed class PassRoleTests
    {
        private const string Ec2Refusal = "You are not authorized to perform this operation. Encoded authorization failure message: ";

        private readonly TestSandbox _sandbox = new TestSandbox();

        public PassRoleTests()
        {
            _sandbox.ProfileWithRole("web");
            _sandbox.ProfileWithRole("api");
        }

        [Fact]
        public void AssociateIsUnauthorizedOperationWithAnOpaqueMessageAndAssociatesNothing()
        {
            string instance = _sandbox.Launch(1)[0];
            Deny("{\"action\": \"iam:PassRole\"}");

            AwsServiceException error = _sandbox.Ec2Error("AssociateIamInstanceProfile", ("InstanceId", instance), ("IamInstanceProfile.Name", "web"));

            Assert.Equal(("UnauthorizedOperation", 403), (error.Code, error.Status));
            Assert.StartsWith(Ec2Refusal, error.Message);
            Assert.Matches("^[A-Za-z0-9_-]{200,}$", error.Message.Substring(Ec2Refusal.Length));
            Assert.DoesNotContain("web-role", error.Message);
            Assert.Empty(_sandbox.StatesOf(instance));
        }

        [Fact]
        public void ReplaceIsRefusedForTheDeniedRoleOnlyAndKeepsTheOldAssociation()
        {
            string instance = _sandbox.Launch(1, "web")[0];
            string association = TestSandbox.Value(_sandbox.CallEc2("DescribeIamInstanceProfileAssociations"), "associationId");
            Deny("{\"action\": \"iam:PassRole\", \"roles\": [\"API-ROLE\"]}");

            AwsServiceException error = _sandbox.Ec2Error("ReplaceIamInstanceProfileAssociation", ("AssociationId", association), ("IamInstanceProfile.Name", "api"));

            Assert.Equal("UnauthorizedOperation", error.Code);
            Assert.Equal(new[] { "associated" }, _sandbox.StatesOf(instance));
            Assert.Single(_sandbox.Launch(1, "web"));
        }

        [Fact]
        public void RunInstancesWithADeniedRoleLaunchesNothingWhileWithoutAProfileItLaunches()
        {
            Deny("{\"action\": \"iam:PassRole\", \"roles\": [\"arn:aws:iam::123456789012:role/web-role\"]}");

            Assert.Equal("UnauthorizedOperation", _sandbox.Ec2Error("RunInstances", ("ImageId", "ami-12345678"), ("MinCount", "1"), ("MaxCount", "1"), ("IamInstanceProfile.Name", "web")).Code);
            Assert.Empty(_sandbox.Ec2State.Instances);
            Assert.Single(_sandbox.Launch(1));
            Assert.Single(_sandbox.Launch(1, "api"));
        }

        [Fact]
        public void ADenyForAnotherAccountLeavesThisOneAlone()
        {
            Deny("{\"action\": \"iam:PassRole\", \"account\": \"210987654321\"}");

            Assert.Single(_sandbox.Launch(1, "web"));
        }

        [Fact]
        public void AddRoleToInstanceProfileIsAccessDeniedInIamsWordsEvenForARoleThatDoesNotExist()
        {
            _sandbox.CallIam("CreateRole", ("RoleName", "ops"), ("Path", "/team/"), ("AssumeRolePolicyDocument", "{}"));
            _sandbox.CallIam("CreateInstanceProfile", ("InstanceProfileName", "empty"));
            Deny("{\"action\": \"iam:PassRole\"}");

            AwsServiceException error = _sandbox.IamError("AddRoleToInstanceProfile", ("InstanceProfileName", "empty"), ("RoleName", "ops"));
            AwsServiceException ghost = _sandbox.IamError("AddRoleToInstanceProfile", ("InstanceProfileName", "empty"), ("RoleName", "ghost"));

            Assert.Equal(("AccessDenied", 403), (error.Code, error.Status));
            Assert.Equal(
                "User: arn:aws:iam::123456789012:user/sandbox is not authorized to perform: iam:PassRole on resource: arn:aws:iam::123456789012:role/team/ops " +
                "because no identity-based policy allows the iam:PassRole action",
                error.Message);
            Assert.EndsWith("on resource: arn:aws:iam::123456789012:role/ghost because no identity-based policy allows the iam:PassRole action", ghost.Message);
            Assert.Empty(_sandbox.IamState.InstanceProfiles["empty"].RoleNames);
        }

        [Fact]
        public void TheEncodedMessageDecodesToThePassRoleContext()
        {
            string instance = _sandbox.Launch(1)[0];
            Deny("{\"action\": \"iam:PassRole\"}");
            string encoded = _sandbox.Ec2Error("AssociateIamInstanceProfile", ("InstanceId", instance), ("IamInstanceProfile.Name", "web")).Message.Substring(Ec2Refusal.Length);

            string decoded = TestSandbox.Value(_sandbox.CallSts(CallerIdentity.User(TestSandbox.DefaultAccount), "DecodeAuthorizationMessage", ("EncodedMessage", encoded)), "DecodedMessage");

            using JsonDocument document = JsonDocument.Parse(decoded);
            JsonElement root = document.RootElement;
            JsonElement context = root.GetProperty("context");
            Assert.Equal((false, false), (root.GetProperty("allowed").GetBoolean(), root.GetProperty("explicitDeny").GetBoolean()));
            Assert.Equal(0, root.GetProperty("matchedStatements").GetProperty("items").GetArrayLength());
            Assert.Equal(("iam:PassRole", "arn:aws:iam::123456789012:role/web-role"), (context.GetProperty("action").GetString(), context.GetProperty("resource").GetString()));
            Assert.Equal(("arn:aws:iam::123456789012:user/sandbox", "sandbox"), (context.GetProperty("principal").GetProperty("arn").GetString(), context.GetProperty("principal").GetProperty("name").GetString()));
            Assert.Contains("{\"key\":\"aws:Region\",\"values\":{\"items\":[{\"value\":\"us-east-1\"}]}}", decoded);
            Assert.Contains("{\"key\":\"iam:RoleName\",\"values\":{\"items\":[{\"value\":\"web-role\"}]}}", decoded);
        }

        [Fact]
        public void SettingsNamingAnotherActionOrABadAccountAreRefused()
        {
            var error = Assert.Throws<SettingsException>(() => SettingsMerger.Merge(_sandbox.Store.Settings,
                "{\"permissions\": {\"deny\": [{\"action\": \"ec2:RunInstances\"}, {\"action\": \"iam:PassRole\", \"account\": \"42\"}, " +
                "{\"action\": \"sts:DecodeAuthorizationMessage\", \"roles\": [\"x\"]}]}}"));

            Assert.Contains("permissions.deny[0].action must be iam:PassRole or sts:DecodeAuthorizationMessage", error.Message);
            Assert.Contains("permissions.deny[1].account must be 12 digits", error.Message);
            Assert.Contains("permissions.deny[2].roles applies to iam:PassRole only", error.Message);
        }

        private void Deny(string rule) =>
            _sandbox.Store.Settings = SettingsMerger.Merge(_sandbox.Store.Settings, "{\"permissions\": {\"deny\": [" + rule + "]}}");
    }
}
