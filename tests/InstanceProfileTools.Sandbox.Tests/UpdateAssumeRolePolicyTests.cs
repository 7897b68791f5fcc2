using System;
using System.Xml.Linq;
using InstanceProfileTools.Sandbox.Protocol;
using InstanceProfileTools.Sandbox.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Sandbox.Tests
{
    /// <summary>IAM UpdateAssumeRolePolicy: the fix for a role EC2 may not assume (EVIDENCE row 27).</summary>
    [Trait("Category", "Iam")]
    public sealed class UpdateAssumeRolePolicyTests
    {
        private const string Ec2Trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

        private readonly TestSandbox _sandbox = new TestSandbox();

        public UpdateAssumeRolePolicyTests()
        {
            _sandbox.CallIam("CreateRole", ("RoleName", "app"), ("Path", "/svc/"), ("AssumeRolePolicyDocument", "{\"Statement\":[]}"));
        }

        [Fact]
        public void TheNewPolicyIsWhatGetRoleAnswersUrlEncodedAsAwsDoes()
        {
            XElement response = _sandbox.CallIam("UpdateAssumeRolePolicy", ("RoleName", "APP"), ("PolicyDocument", Ec2Trust));

            Assert.Equal("{https://iam.amazonaws.com/doc/2010-05-08/}UpdateAssumeRolePolicyResponse", response.Name.ToString());
            Assert.DoesNotContain(response.Descendants(), e => e.Name.LocalName == "UpdateAssumeRolePolicyResult");
            string document = TestSandbox.Value(_sandbox.CallIam("GetRole", ("RoleName", "app")), "AssumeRolePolicyDocument");
            Assert.Equal(Uri.EscapeDataString(Ec2Trust), document);
            Assert.Equal(Ec2Trust, Uri.UnescapeDataString(document));
        }

        [Fact]
        public void AnUnknownRoleIsNoSuchEntity()
        {
            AwsServiceException error = _sandbox.IamError("UpdateAssumeRolePolicy", ("RoleName", "ghost"), ("PolicyDocument", Ec2Trust));

            Assert.Equal(("NoSuchEntity", 404, "The role with name ghost cannot be found."), (error.Code, error.Status, error.Message));
        }

        [Theory]
        [InlineData("not json")]
        [InlineData("[1, 2]")]
        [InlineData("{\"Statement\": ")]
        public void APolicyThatIsNoJsonObjectIsMalformedAndChangesNothing(string policy)
        {
            AwsServiceException error = _sandbox.IamError("UpdateAssumeRolePolicy", ("RoleName", "app"), ("PolicyDocument", policy));

            Assert.Equal(("MalformedPolicyDocument", 400), (error.Code, error.Status));
            Assert.Equal(Uri.EscapeDataString("{\"Statement\":[]}"), TestSandbox.Value(_sandbox.CallIam("GetRole", ("RoleName", "app")), "AssumeRolePolicyDocument"));
        }

        [Fact]
        public void MissingMembersAreOneValidationErrorNamingBoth()
        {
            AwsServiceException error = _sandbox.IamError("UpdateAssumeRolePolicy");

            Assert.Equal(("ValidationError", 400), (error.Code, error.Status));
            Assert.StartsWith("2 validation errors detected: ", error.Message);
            Assert.Contains("'roleName'", error.Message);
            Assert.Contains("'policyDocument'", error.Message);
        }
    }
}
