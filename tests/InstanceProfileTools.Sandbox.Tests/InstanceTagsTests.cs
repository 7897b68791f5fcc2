using System.Linq;
using System.Xml.Linq;
using InstanceProfileTools.Sandbox.Protocol;
using InstanceProfileTools.Sandbox.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Sandbox.Tests
{
    /// <summary>Instance tags: RunInstances' TagSpecification, CreateTags, DeleteTags, tagSet and the tag and profile filters.</summary>
    [Trait("Category", "Ec2")]
    public sealed class InstanceTagsTests
    {
        private readonly TestSandbox _sandbox = new TestSandbox();

        [Fact]
        public void RunInstancesTagsTheInstancesAndDescribeShowsTheTagSet()
        {
            string instance = Run(("TagSpecification.1.ResourceType", "instance"), ("TagSpecification.1.Tag.1.Key", "Name"), ("TagSpecification.1.Tag.1.Value", "web-1"),
                ("TagSpecification.2.ResourceType", "volume"), ("TagSpecification.2.Tag.1.Key", "disk"), ("TagSpecification.2.Tag.1.Value", "root"));

            XElement tagSet = _sandbox.CallEc2("DescribeInstances", ("InstanceId.1", instance)).Descendants().Single(e => e.Name.LocalName == "tagSet");

            Assert.Equal(new[] { "Name=web-1" }, tagSet.Elements().Select(i => TestSandbox.Value(i, "key") + "=" + TestSandbox.Value(i, "value")));
            Assert.DoesNotContain(_sandbox.CallEc2("DescribeInstances", ("InstanceId.1", _sandbox.Launch(1)[0])).Descendants(), e => e.Name.LocalName == "tagSet");
        }

        [Theory]
        [InlineData("aws:autoscaling:groupName")]
        [InlineData("AWS:cloudformation:stack-name")]
        public void RunInstancesRefusesAwsReservedKeysAndLaunchesNothing(string key)
        {
            AwsServiceException error = _sandbox.Ec2Error("RunInstances", ("ImageId", "ami-12345678"), ("MinCount", "1"), ("MaxCount", "1"),
                ("TagSpecification.1.ResourceType", "instance"), ("TagSpecification.1.Tag.1.Key", key), ("TagSpecification.1.Tag.1.Value", "x"));

            Assert.Equal(("InvalidParameterValue", 400, "Tag keys starting with 'aws:' are reserved for internal use"), (error.Code, error.Status, error.Message));
            Assert.Empty(_sandbox.Ec2State.Instances);
        }

        [Fact]
        public void DescribeFiltersByTagValueTagKeyAndProfileArnWithWildcards()
        {
            _sandbox.ProfileWithRole("web");
            string blue = Run(("TagSpecification.1.ResourceType", "instance"), ("TagSpecification.1.Tag.1.Key", "team"), ("TagSpecification.1.Tag.1.Value", "blue"));
            string green = Run(("TagSpecification.1.ResourceType", "instance"), ("TagSpecification.1.Tag.1.Key", "team"), ("TagSpecification.1.Tag.1.Value", "green"));
            string onWeb = _sandbox.Launch(1, "web")[0];

            Assert.Equal(new[] { blue }, Ids(("Filter.1.Name", "tag:team"), ("Filter.1.Value.1", "bl*")));
            Assert.Equal(new[] { blue, green }, Ids(("Filter.1.Name", "tag-key"), ("Filter.1.Value.1", "te?m")));
            Assert.Empty(Ids(("Filter.1.Name", "tag:Team"), ("Filter.1.Value.1", "*")));
            Assert.Equal(new[] { onWeb }, Ids(("Filter.1.Name", "iam-instance-profile.arn"), ("Filter.1.Value.1", "arn:aws:iam::123456789012:instance-profile/w*")));
            Assert.Equal(new[] { green }, Ids(("Filter.1.Name", "tag:team"), ("Filter.1.Value.1", "green"), ("Filter.2.Name", "instance-state-name"), ("Filter.2.Value.1", "running")));
            Assert.Equal("InvalidParameterValue", _sandbox.Ec2Error("DescribeInstances", ("Filter.1.Name", "tag"), ("Filter.1.Value.1", "x")).Code);
        }

        [Fact]
        public void CreateTagsAddsAndReplacesAndDeleteTagsRemovesByKeyOrKeyAndValue()
        {
            string instance = _sandbox.Launch(1)[0];

            _sandbox.CallEc2("CreateTags", ("ResourceId.1", instance), ("Tag.1.Key", "a"), ("Tag.1.Value", "1"), ("Tag.2.Key", "b"), ("Tag.2.Value", "2"));
            _sandbox.CallEc2("CreateTags", ("ResourceId.1", instance), ("Tag.1.Key", "a"), ("Tag.1.Value", "one"));
            Assert.Equal(new[] { "b=2", "a=one" }, _sandbox.TagsOf(instance));

            _sandbox.CallEc2("DeleteTags", ("ResourceId.1", instance), ("Tag.1.Key", "a"), ("Tag.1.Value", "1"));
            Assert.Equal(new[] { "b=2", "a=one" }, _sandbox.TagsOf(instance));
            XElement deleted = _sandbox.CallEc2("DeleteTags", ("ResourceId.1", instance), ("Tag.1.Key", "a"));
            Assert.Equal(("b=2", "true"), (_sandbox.TagsOf(instance).Single(), TestSandbox.Value(deleted, "return")));
        }

        [Fact]
        public void CallersMayNeitherSetNorRemoveAwsTagsAndDeletingAllKeepsThem()
        {
            string instance = _sandbox.Launch(1)[0];
            _sandbox.Ec2State.Instances[instance].Tags.Add(new State.TagEntity { Key = "aws:autoscaling:groupName", Value = "web-asg" });
            _sandbox.CallEc2("CreateTags", ("ResourceId.1", instance), ("Tag.1.Key", "mine"), ("Tag.1.Value", ""));

            AwsServiceException set = _sandbox.Ec2Error("CreateTags", ("ResourceId.1", instance), ("Tag.1.Key", "aws:x"), ("Tag.1.Value", "1"));
            AwsServiceException remove = _sandbox.Ec2Error("DeleteTags", ("ResourceId.1", instance), ("Tag.1.Key", "aws:autoscaling:groupName"));
            _sandbox.CallEc2("DeleteTags", ("ResourceId.1", instance));

            Assert.Equal("Value ( aws:x ) for parameter key is invalid. Tag keys starting with 'aws:' are reserved for internal use", set.Message);
            Assert.Equal("InvalidParameterValue", remove.Code);
            Assert.Equal(new[] { "aws:autoscaling:groupName=web-asg" }, _sandbox.TagsOf(instance));
        }

        [Fact]
        public void TaggingAnUnknownOrForeignResourceIsRefused()
        {
            Assert.Equal("InvalidInstanceID.NotFound", _sandbox.Ec2Error("CreateTags", ("ResourceId.1", "i-0123456789abcdef0"), ("Tag.1.Key", "a")).Code);
            Assert.Equal("InvalidID", _sandbox.Ec2Error("CreateTags", ("ResourceId.1", "vol-0123"), ("Tag.1.Key", "a")).Code);
            Assert.Equal("MissingParameter", _sandbox.Ec2Error("CreateTags", ("ResourceId.1", _sandbox.Launch(1)[0])).Code);
        }

        private string Run(params (string Name, string Value)[] extra) =>
            TestSandbox.Value(_sandbox.CallEc2("RunInstances", new[] { ("ImageId", "ami-12345678"), ("MinCount", "1"), ("MaxCount", "1") }.Concat(extra).ToArray()), "instanceId");

        private string[] Ids(params (string Name, string Value)[] filters) =>
            TestSandbox.Values(_sandbox.CallEc2("DescribeInstances", filters), "instanceId").ToArray();
    }
}
