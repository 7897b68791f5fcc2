using System.Linq;
using System.Xml.Linq;
using InstanceProfileTools.Sandbox.Protocol;
using InstanceProfileTools.Sandbox.Settings;
using InstanceProfileTools.Sandbox.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Sandbox.Tests
{
    /// <summary>RunInstances from a launch template: its profile as an association, its tags and AWS's two (EVIDENCE row 29).</summary>
    [Trait("Category", "Ec2")]
    public sealed class LaunchFromTemplateTests
    {
        private readonly TestSandbox _sandbox = new TestSandbox();
        private readonly string _template;

        public LaunchFromTemplateTests()
        {
            _sandbox.ProfileWithRole("old");
            _sandbox.ProfileWithRole("new");
            _template = TestSandbox.Value(_sandbox.CallEc2("CreateLaunchTemplate", ("LaunchTemplateName", "web"), ("LaunchTemplateData.ImageId", "ami-12345678"),
                ("LaunchTemplateData.InstanceType", "t3.small"), ("LaunchTemplateData.IamInstanceProfile.Name", "old"),
                ("LaunchTemplateData.TagSpecification.1.ResourceType", "instance"), ("LaunchTemplateData.TagSpecification.1.Tag.1.Key", "app"),
                ("LaunchTemplateData.TagSpecification.1.Tag.1.Value", "web")), "launchTemplateId");
            _sandbox.CallEc2("CreateLaunchTemplateVersion", ("LaunchTemplateId", _template), ("SourceVersion", "1"),
                ("LaunchTemplateData.IamInstanceProfile.Arn", "arn:aws:iam::123456789012:instance-profile/new"));
        }

        [Fact]
        public void TheDefaultVersionGivesItsProfileTypeAndTagsWithTheTemplatesOwnTags()
        {
            XElement launched = Run(("LaunchTemplate.LaunchTemplateId", _template));
            string instance = TestSandbox.Value(launched, "instanceId");

            Assert.EndsWith(":instance-profile/old", TestSandbox.Value(launched, "arn"));
            Assert.Equal(("ami-12345678", "t3.small"), (TestSandbox.Value(launched, "imageId"), TestSandbox.Value(launched, "instanceType")));
            Assert.Equal(new[] { "associated" }, _sandbox.StatesOf(instance));
            Assert.Equal(new[] { "app=web", $"aws:ec2launchtemplate:id={_template}", "aws:ec2launchtemplate:version=1" }, _sandbox.TagsOf(instance));
        }

        [Theory]
        [InlineData("$Latest")]
        [InlineData("2")]
        public void ANamedVersionGivesItsProfile(string version)
        {
            XElement launched = Run(("LaunchTemplate.LaunchTemplateName", "web"), ("LaunchTemplate.Version", version));

            Assert.EndsWith(":instance-profile/new", TestSandbox.Value(launched, "arn"));
            Assert.Contains("aws:ec2launchtemplate:version=2", _sandbox.TagsOf(TestSandbox.Value(launched, "instanceId")));
        }

        [Fact]
        public void TheRequestsOwnParametersWinOverTheTemplates()
        {
            XElement launched = Run(("LaunchTemplate.LaunchTemplateId", _template), ("ImageId", "ami-87654321"), ("InstanceType", "m5.large"), ("IamInstanceProfile.Name", "new"),
                ("TagSpecification.1.ResourceType", "instance"), ("TagSpecification.1.Tag.1.Key", "app"), ("TagSpecification.1.Tag.1.Value", "mine"));

            Assert.Equal(("ami-87654321", "m5.large"), (TestSandbox.Value(launched, "imageId"), TestSandbox.Value(launched, "instanceType")));
            Assert.EndsWith(":instance-profile/new", TestSandbox.Value(launched, "arn"));
            Assert.Contains("app=mine", _sandbox.TagsOf(TestSandbox.Value(launched, "instanceId")));
        }

        [Fact]
        public void AnUnknownTemplateOrVersionLaunchesNothing()
        {
            Assert.Equal("InvalidLaunchTemplateName.NotFoundException", _sandbox.Ec2Error("RunInstances", ("MinCount", "1"), ("MaxCount", "1"), ("LaunchTemplate.LaunchTemplateName", "ghost")).Code);
            Assert.Equal("InvalidLaunchTemplateId.VersionNotFound", _sandbox.Ec2Error("RunInstances", ("MinCount", "1"), ("MaxCount", "1"), ("LaunchTemplate.LaunchTemplateId", _template), ("LaunchTemplate.Version", "3")).Code);
            Assert.Empty(_sandbox.Ec2State.Instances);
        }

        [Fact]
        public void ATemplateWithoutImageNeedsOneFromTheRequest()
        {
            _sandbox.CallEc2("CreateLaunchTemplate", ("LaunchTemplateName", "bare"), ("LaunchTemplateData.InstanceType", "t3.micro"));

            AwsServiceException error = _sandbox.Ec2Error("RunInstances", ("MinCount", "1"), ("MaxCount", "1"), ("LaunchTemplate.LaunchTemplateName", "bare"));

            Assert.Equal("MissingParameter", error.Code);
            Assert.Single(TestSandbox.Values(Run(("LaunchTemplate.LaunchTemplateName", "bare"), ("ImageId", "ami-12345678")), "instanceId"));
        }

        [Fact]
        public void PassingTheTemplatesRoleNeedsIamPassRole()
        {
            _sandbox.Store.Settings = SettingsMerger.Merge(_sandbox.Store.Settings, "{\"permissions\": {\"deny\": [{\"action\": \"iam:PassRole\", \"roles\": [\"old-role\"]}]}}");

            Assert.Equal("UnauthorizedOperation", _sandbox.Ec2Error("RunInstances", ("MinCount", "1"), ("MaxCount", "1"), ("LaunchTemplate.LaunchTemplateId", _template)).Code);
            Assert.Single(TestSandbox.Values(Run(("LaunchTemplate.LaunchTemplateId", _template), ("LaunchTemplate.Version", "2")), "instanceId"));
        }

        [Fact]
        public void AChangeOfTheTemplateLeavesRunningInstancesAlone()
        {
            string instance = TestSandbox.Value(Run(("LaunchTemplate.LaunchTemplateId", _template)), "instanceId");

            _sandbox.CallEc2("ModifyLaunchTemplate", ("LaunchTemplateId", _template), ("SetDefaultVersion", "2"));

            Assert.EndsWith(":instance-profile/old", TestSandbox.Value(_sandbox.CallEc2("DescribeInstances", ("InstanceId.1", instance)), "arn"));
            Assert.EndsWith(":instance-profile/new", TestSandbox.Value(Run(("LaunchTemplate.LaunchTemplateId", _template)), "arn"));
        }

        [Fact]
        public void TemplateIdTagsFindTheInstancesATemplateBroughtAndTemplateTagsCanBeChanged()
        {
            string fromTemplate = TestSandbox.Value(Run(("LaunchTemplate.LaunchTemplateId", _template)), "instanceId");
            _sandbox.Launch(1);

            XElement found = _sandbox.CallEc2("DescribeInstances", ("Filter.1.Name", "tag:aws:ec2launchtemplate:id"), ("Filter.1.Value.1", _template));
            _sandbox.CallEc2("CreateTags", ("ResourceId.1", _template), ("Tag.1.Key", "owner"), ("Tag.1.Value", "ops"));

            Assert.Equal(new[] { fromTemplate }, TestSandbox.Values(found, "instanceId"));
            Assert.Equal("owner", TestSandbox.Value(_sandbox.CallEc2("DescribeLaunchTemplates", ("LaunchTemplateId.1", _template)), "key"));
        }

        private XElement Run(params (string Name, string Value)[] parameters) =>
            _sandbox.CallEc2("RunInstances", new[] { ("MinCount", "1"), ("MaxCount", "1") }.Concat(parameters).ToArray());
    }
}
