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
    }
}
