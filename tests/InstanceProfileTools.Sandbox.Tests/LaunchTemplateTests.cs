using System.Linq;
using System.Xml.Linq;
using InstanceProfileTools.Sandbox.Protocol;
using InstanceProfileTools.Sandbox.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Sandbox.Tests
{
    /// <summary>Launch templates and their versions, per account and region (botocore's ec2 model, EVIDENCE row 29).</summary>
    [Trait("Category", "Ec2")]
    public sealed class LaunchTemplateTests
    {
        private readonly TestSandbox _sandbox = new TestSandbox();

        [Fact]
        public void CreateAnswersTheTemplateWithVersionOneAsDefaultAndLatest()
        {
            XElement response = Create("web", ("LaunchTemplateData.IamInstanceProfile.Name", "web"), ("TagSpecification.1.ResourceType", "launch-template"),
                ("TagSpecification.1.Tag.1.Key", "team"), ("TagSpecification.1.Tag.1.Value", "blue"));

            XElement template = response.Elements().Single(e => e.Name.LocalName == "launchTemplate");
            Assert.Matches("^lt-[0-9a-f]{17}$", Child(template, "launchTemplateId"));
            Assert.Equal(("web", "1", "1"), (Child(template, "launchTemplateName"), Child(template, "defaultVersionNumber"), Child(template, "latestVersionNumber")));
            Assert.Equal("arn:aws:iam::123456789012:user/sandbox", Child(template, "createdBy"));
            Assert.Equal(new[] { "team", "blue" }, template.Elements().Single(e => e.Name.LocalName == "tagSet").Descendants().Where(e => !e.HasElements).Select(e => e.Value));
        }

        [Fact]
        public void ANameInUseInTheRegionIsRefusedButAnotherRegionMayUseIt()
        {
            Create("web");

            AwsServiceException error = _sandbox.Ec2Error("CreateLaunchTemplate", ("LaunchTemplateName", "web"), ("LaunchTemplateData.ImageId", "ami-12345678"));
            _sandbox.Region = "eu-west-1";
            Create("web");

            Assert.Equal(("InvalidLaunchTemplateName.AlreadyExistsException", 400, "Launch template name already in use."), (error.Code, error.Status, error.Message));
        }

        [Theory]
        [InlineData("ab")]
        [InlineData("bad name")]
        [InlineData("web*")]
        public void ANameOutsideThePatternIsMalformed(string name)
        {
            Assert.Equal("InvalidLaunchTemplateName.MalformedException", _sandbox.Ec2Error("CreateLaunchTemplate", ("LaunchTemplateName", name), ("LaunchTemplateData.ImageId", "ami-12345678")).Code);
        }

        [Fact]
        public void TemplateDataIsRequired()
        {
            AwsServiceException error = _sandbox.Ec2Error("CreateLaunchTemplate", ("LaunchTemplateName", "web"));

            Assert.Equal(("MissingParameter", "No launch template data was provided. Launch template data is required to create a launch template."), (error.Code, error.Message));
        }

        [Fact]
        public void DescribeFindsByIdNameFilterAndRefusesUnknownOnes()
        {
            string web = Id(Create("web"));
            Create("api", ("TagSpecification.1.ResourceType", "launch-template"), ("TagSpecification.1.Tag.1.Key", "tier"), ("TagSpecification.1.Tag.1.Value", "back"));

            Assert.Equal(new[] { "web" }, Names(_sandbox.CallEc2("DescribeLaunchTemplates", ("LaunchTemplateId.1", web))));
            Assert.Equal(new[] { "api" }, Names(_sandbox.CallEc2("DescribeLaunchTemplates", ("LaunchTemplateName.1", "api"))));
            Assert.Equal(new[] { "web", "api" }, Names(_sandbox.CallEc2("DescribeLaunchTemplates")));
            Assert.Equal(new[] { "api" }, Names(_sandbox.CallEc2("DescribeLaunchTemplates", ("Filter.1.Name", "tag:tier"), ("Filter.1.Value.1", "b*"))));
            Assert.Equal(new[] { "web" }, Names(_sandbox.CallEc2("DescribeLaunchTemplates", ("Filter.1.Name", "launch-template-name"), ("Filter.1.Value.1", "w?b"))));

            AwsServiceException byName = _sandbox.Ec2Error("DescribeLaunchTemplates", ("LaunchTemplateName.1", "ghost"));
            AwsServiceException byId = _sandbox.Ec2Error("DescribeLaunchTemplates", ("LaunchTemplateId.1", "lt-0123456789abcdef0"));
            AwsServiceException malformed = _sandbox.Ec2Error("DescribeLaunchTemplates", ("LaunchTemplateId.1", "lt-zz"));
            Assert.Equal(("InvalidLaunchTemplateName.NotFoundException", "The specified launch template, with template name ghost, does not exist."), (byName.Code, byName.Message));
            Assert.Equal(("InvalidLaunchTemplateId.NotFound", "The specified launch template, with template ID lt-0123456789abcdef0, does not exist."), (byId.Code, byId.Message));
            Assert.Equal("InvalidLaunchTemplateId.Malformed", malformed.Code);
        }

        [Fact]
        public void AVersionFromASourceIsTheSourceWithTheNewDataOnTop()
        {
            string id = Id(Create("web", ("LaunchTemplateData.InstanceType", "t3.small"), ("LaunchTemplateData.IamInstanceProfile.Name", "old")));

            XElement v2 = _sandbox.CallEc2("CreateLaunchTemplateVersion", ("LaunchTemplateId", id), ("SourceVersion", "1"), ("VersionDescription", "new profile"),
                ("LaunchTemplateData.IamInstanceProfile.Arn", "arn:aws:iam::123456789012:instance-profile/new"));
            XElement v3 = _sandbox.CallEc2("CreateLaunchTemplateVersion", ("LaunchTemplateName", "web"), ("LaunchTemplateData.ImageId", "ami-87654321"));

            Assert.Equal(("2", "false", "new profile"), (TestSandbox.Value(v2, "versionNumber"), TestSandbox.Value(v2, "defaultVersion"), TestSandbox.Value(v2, "versionDescription")));
            Assert.Equal(("ami-12345678", "t3.small"), (TestSandbox.Value(v2, "imageId"), TestSandbox.Value(v2, "instanceType")));
            Assert.Equal("arn:aws:iam::123456789012:instance-profile/new", TestSandbox.Value(v2, "arn"));
            Assert.Empty(TestSandbox.Values(v2, "name"));
            Assert.Equal(("3", "ami-87654321"), (TestSandbox.Value(v3, "versionNumber"), TestSandbox.Value(v3, "imageId")));
            Assert.Empty(TestSandbox.Values(v3, "instanceType"));
            Assert.Equal("3", TestSandbox.Value(_sandbox.CallEc2("DescribeLaunchTemplates", ("LaunchTemplateId.1", id)), "latestVersionNumber"));
        }

        [Fact]
        public void AResentClientTokenAnswersTheVersionItMadeAndMakesNoOther()
        {
            string id = Id(Create("web"));
            (string, string)[] request = { ("LaunchTemplateId", id), ("SourceVersion", "1"), ("ClientToken", "ipt-abc"), ("LaunchTemplateData.ImageId", "ami-22222222") };

            XElement first = _sandbox.CallEc2("CreateLaunchTemplateVersion", request);
            XElement again = _sandbox.CallEc2("CreateLaunchTemplateVersion", request);
            XElement other = _sandbox.CallEc2("CreateLaunchTemplateVersion", ("LaunchTemplateId", id), ("ClientToken", "ipt-def"), ("LaunchTemplateData.ImageId", "ami-33333333"));

            Assert.Equal(("2", "2", "3"), (TestSandbox.Value(first, "versionNumber"), TestSandbox.Value(again, "versionNumber"), TestSandbox.Value(other, "versionNumber")));
            Assert.Equal(new[] { "1", "2", "3" }, VersionNumbers(("LaunchTemplateId", id)));
            Assert.Equal("InvalidParameterValue", _sandbox.Ec2Error("CreateLaunchTemplateVersion", ("LaunchTemplateId", id), ("ClientToken", new string('t', 129)), ("LaunchTemplateData.ImageId", "ami-22222222")).Code);
        }

        [Fact]
        public void VersionsAreDescribedByNumberLatestDefaultAndRange()
        {
            string id = Id(Create("web"));
            _sandbox.CallEc2("CreateLaunchTemplateVersion", ("LaunchTemplateId", id), ("LaunchTemplateData.ImageId", "ami-22222222"));
            _sandbox.CallEc2("CreateLaunchTemplateVersion", ("LaunchTemplateId", id), ("LaunchTemplateData.ImageId", "ami-33333333"));

            Assert.Equal(new[] { "1", "2", "3" }, VersionNumbers(("LaunchTemplateId", id)));
            Assert.Equal(new[] { "1", "3" }, VersionNumbers(("LaunchTemplateName", "web"), ("LaunchTemplateVersion.1", "$Latest"), ("LaunchTemplateVersion.2", "$Default")));
            Assert.Equal(new[] { "2", "3" }, VersionNumbers(("LaunchTemplateId", id), ("MinVersion", "2")));
            Assert.Equal(new[] { "1" }, VersionNumbers(("LaunchTemplateId", id), ("Filter.1.Name", "is-default-version"), ("Filter.1.Value.1", "true")));
            AwsServiceException missing = _sandbox.Ec2Error("DescribeLaunchTemplateVersions", ("LaunchTemplateId", id), ("LaunchTemplateVersion.1", "7"));
            Assert.Equal(("InvalidLaunchTemplateId.VersionNotFound", $"Could not find the specified version 7 for the launch template with ID {id}."), (missing.Code, missing.Message));
        }

        [Fact]
        public void ModifySetsTheDefaultVersionThatDollarDefaultThenNames()
        {
            string id = Id(Create("web"));
            _sandbox.CallEc2("CreateLaunchTemplateVersion", ("LaunchTemplateId", id), ("LaunchTemplateData.ImageId", "ami-22222222"));

            XElement modified = _sandbox.CallEc2("ModifyLaunchTemplate", ("LaunchTemplateName", "web"), ("SetDefaultVersion", "2"));

            Assert.Equal(("2", "2"), (TestSandbox.Value(modified, "defaultVersionNumber"), TestSandbox.Value(modified, "latestVersionNumber")));
            Assert.Equal(new[] { "2" }, VersionNumbers(("LaunchTemplateId", id), ("LaunchTemplateVersion.1", "$Default")));
            Assert.Equal("InvalidLaunchTemplateId.VersionNotFound", _sandbox.Ec2Error("ModifyLaunchTemplate", ("LaunchTemplateId", id), ("SetDefaultVersion", "9")).Code);
            Assert.Equal("MissingParameter", _sandbox.Ec2Error("ModifyLaunchTemplate", ("SetDefaultVersion", "1")).Code);
        }

        [Fact]
        public void LatestAndDefaultVersionsOfEveryTemplateAreFoundByTheirProfile()
        {
            Create("lt-a", ("LaunchTemplateData.IamInstanceProfile.Name", "old"));
            Create("lt-b", ("LaunchTemplateData.IamInstanceProfile.Arn", "arn:aws:iam::123456789012:instance-profile/old"));
            Create("lt-c", ("LaunchTemplateData.IamInstanceProfile.Name", "new"));

            XElement found = _sandbox.CallEc2("DescribeLaunchTemplateVersions", ("LaunchTemplateVersion.1", "$Latest"), ("LaunchTemplateVersion.2", "$Default"),
                ("Filter.1.Name", "iam-instance-profile"), ("Filter.1.Value.1", "old"), ("Filter.1.Value.2", "*instance-profile/old"));

            Assert.Equal(new[] { "lt-a", "lt-b" }, TestSandbox.Values(found, "launchTemplateName"));
            Assert.Equal("MissingParameter", _sandbox.Ec2Error("DescribeLaunchTemplateVersions", ("LaunchTemplateVersion.1", "1")).Code);
        }

        [Fact]
        public void TemplatesBelongToTheirAccountAndRegion()
        {
            string id = Id(Create("web"));

            _sandbox.Account = "210987654321";
            Assert.Empty(Names(_sandbox.CallEc2("DescribeLaunchTemplates")));
            Assert.Equal("InvalidLaunchTemplateId.NotFound", _sandbox.Ec2Error("DescribeLaunchTemplateVersions", ("LaunchTemplateId", id)).Code);
            _sandbox.Account = TestSandbox.DefaultAccount;
            _sandbox.Region = "ap-south-1";
            Assert.Empty(Names(_sandbox.CallEc2("DescribeLaunchTemplates")));
        }

        private XElement Create(string name, params (string Name, string Value)[] extra) =>
            _sandbox.CallEc2("CreateLaunchTemplate", new[] { ("LaunchTemplateName", name), ("LaunchTemplateData.ImageId", "ami-12345678") }.Concat(extra).ToArray());

        private string[] VersionNumbers(params (string Name, string Value)[] parameters) =>
            TestSandbox.Values(_sandbox.CallEc2("DescribeLaunchTemplateVersions", parameters), "versionNumber").ToArray();

        private static string Id(XElement response) => TestSandbox.Value(response, "launchTemplateId");

        private static string[] Names(XElement response) => TestSandbox.Values(response, "launchTemplateName").ToArray();

        private static string Child(XElement parent, string name) => parent.Elements().Single(e => e.Name.LocalName == name).Value;
    }
}
