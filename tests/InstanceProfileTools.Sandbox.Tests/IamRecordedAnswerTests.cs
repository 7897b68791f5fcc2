using System.Linq;
using System.Xml.Linq;
using InstanceProfileTools.Sandbox.Iam;
using InstanceProfileTools.Sandbox.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Sandbox.Tests
{
    /// <summary>
    /// IAM answers held against those recorded from real AWS (localstack/localstack,
    /// tests/aws/services/iam/test_iam_instance_profiles.snapshot.json and test_iam_roles.snapshot.json, February 2026).
    /// </summary>
    [Trait("Category", "Iam")]
    public sealed class IamRecordedAnswerTests
    {
        private readonly TestSandbox _sandbox = new TestSandbox();

        [Fact]
        public void GetInstanceProfileShowsEmptyTagsWhileCreateWithoutTagsShowsNone()
        {
            XElement created = _sandbox.CallIam("CreateInstanceProfile", ("InstanceProfileName", "p"));
            XElement got = _sandbox.CallIam("GetInstanceProfile", ("InstanceProfileName", "p"));

            Assert.Empty(created.Descendants(IamXml.Ns + "Tags"));
            XElement tags = got.Descendants(IamXml.Ns + "Tags").Single();
            Assert.Empty(tags.Elements());
        }

        [Fact]
        public void RemovingRoleTellsAnUnknownRoleFromOneNotInTheProfile()
        {
            _sandbox.CallIam("CreateInstanceProfile", ("InstanceProfileName", "p"));
            _sandbox.CallIam("CreateRole", ("RoleName", "r"), ("AssumeRolePolicyDocument", "{}"));

            var unattached = _sandbox.IamError("RemoveRoleFromInstanceProfile", ("InstanceProfileName", "p"), ("RoleName", "r"));
            var unknown = _sandbox.IamError("RemoveRoleFromInstanceProfile", ("InstanceProfileName", "p"), ("RoleName", "nonexistent-role"));
            var noProfile = _sandbox.IamError("RemoveRoleFromInstanceProfile", ("InstanceProfileName", "nonexistent-profile"), ("RoleName", "r"));

            Assert.Equal(("NoSuchEntity", 404, "Role r in Instance Profile p cannot be found."), (unattached.Code, unattached.Status, unattached.Message));
            Assert.Equal(("NoSuchEntity", 404, "The role with name nonexistent-role cannot be found."), (unknown.Code, unknown.Status, unknown.Message));
            Assert.Equal("Instance Profile nonexistent-profile cannot be found.", noProfile.Message);
        }
    }
}
