using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using InstanceProfileTools.Sandbox.Admin;
using InstanceProfileTools.Sandbox.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Sandbox.Tests
{
    /// <summary>
    /// AWS's shape: EC2 belongs to an account and a region, IAM to an account and every region (EVIDENCE row 30:
    /// "IAM is global; associations are per region").
    /// </summary>
    [Trait("Category", "Estate")]
    public sealed class EstateIsolationTests
    {
        private const string OtherAccount = "210987654321";

        private readonly TestSandbox _sandbox = new TestSandbox();

        [Fact]
        public void InstanceRunInOneRegionIsNotSeenFromAnother()
        {
            _sandbox.Region = "eu-west-1";
            string instance = _sandbox.Launch(1)[0];

            _sandbox.Region = "us-east-1";

            Assert.Empty(TestSandbox.Values(_sandbox.CallEc2("DescribeInstances"), "instanceId"));
            Assert.Equal("InvalidInstanceID.NotFound", _sandbox.Ec2Error("DescribeInstances", ("InstanceId.1", instance)).Code);
            _sandbox.Region = "eu-west-1";
            Assert.Equal(new[] { instance }, TestSandbox.Values(_sandbox.CallEc2("DescribeInstances"), "instanceId"));
        }

        [Fact]
        public void IamIsTheSameFromEveryRegion()
        {
            _sandbox.ProfileWithRole("web");

            _sandbox.Region = "eu-west-1";
            string inEurope = _sandbox.Launch(1, "web")[0];
            _sandbox.Region = "ap-south-1";
            string inIndia = _sandbox.Launch(1, "web")[0];

            Assert.Equal(new[] { "associated" }, _sandbox.StatesOf(inIndia));
            _sandbox.Region = "eu-west-1";
            Assert.Equal(new[] { "associated" }, _sandbox.StatesOf(inEurope));
            Assert.Empty(_sandbox.StatesOf(inIndia));
        }

        [Fact]
        public void InstancesAreInTheFirstZoneOfTheirRegion()
        {
            _sandbox.Region = "eu-central-1";
            _sandbox.Launch(1);

            Assert.Equal("eu-central-1a", TestSandbox.Value(_sandbox.CallEc2("DescribeInstances"), "availabilityZone"));
        }

        [Fact]
        public void TwoAccountsSeeNeitherTheOthersIamNorItsInstances()
        {
            _sandbox.ProfileWithRole("web");
            string instance = _sandbox.Launch(1, "web")[0];

            _sandbox.Account = OtherAccount;

            Assert.Equal("NoSuchEntity", _sandbox.IamError("GetInstanceProfile", ("InstanceProfileName", "web")).Code);
            Assert.Empty(TestSandbox.Values(_sandbox.CallEc2("DescribeInstances"), "instanceId"));
            Assert.Equal("InvalidInstanceID.NotFound", _sandbox.Ec2Error("DescribeInstances", ("InstanceId.1", instance)).Code);
            string otherArn = TestSandbox.Value(_sandbox.CallIam("CreateInstanceProfile", ("InstanceProfileName", "web")), "Arn");
            Assert.Equal($"arn:aws:iam::{OtherAccount}:instance-profile/web", otherArn);
        }

        [Fact]
        public void AnInstanceCannotTakeAProfileOfAnotherAccountByArn()
        {
            _sandbox.ProfileWithRole("web");
            const string arn = "arn:aws:iam::" + TestSandbox.DefaultAccount + ":instance-profile/web";
            _sandbox.Account = OtherAccount;
            string instance = _sandbox.Launch(1)[0];

            var error = _sandbox.Ec2Error("AssociateIamInstanceProfile", ("InstanceId", instance), ("IamInstanceProfile.Arn", arn));

            Assert.Equal(("InvalidParameterValue", $"Value ({arn}) for parameter iamInstanceProfile.arn is invalid. Invalid IAM Instance Profile ARN"), (error.Code, error.Message));
        }

        [Fact]
        public void RunInstancesAnswersTheCallersAccountAsOwner()
        {
            _sandbox.Account = OtherAccount;

            Assert.Equal(OtherAccount, TestSandbox.Value(_sandbox.CallEc2("RunInstances", ("ImageId", "ami-12345678"), ("MinCount", "1"), ("MaxCount", "1")), "ownerId"));
        }

        [Fact]
        public void TimelineNamesEachEventsAccountAndRegionAndFiltersByThem()
        {
            _sandbox.ProfileWithRole("web");
            _sandbox.Region = "eu-west-1";
            string inEurope = _sandbox.Launch(1, "web")[0];
            _sandbox.Account = OtherAccount;
            _sandbox.Region = "us-east-1";
            _sandbox.ProfileWithRole("web");
            string elsewhere = _sandbox.Launch(1, "web")[0];

            List<TimelineEvent> all = Timeline.Build(_sandbox.Store.State.Regions(), _sandbox.Clock.UtcNow);
            List<TimelineEvent> other = Timeline.Build(_sandbox.Store.State.Regions(), _sandbox.Clock.UtcNow, accountId: OtherAccount);
            List<TimelineEvent> europe = Timeline.Build(_sandbox.Store.State.Regions(), _sandbox.Clock.UtcNow, region: "eu-west-1");

            Assert.Equal(new long[] { 1, 2, 3, 4 }, all.Select(e => e.Seq));
            Assert.Equal(new[] { (inEurope, TestSandbox.DefaultAccount, "eu-west-1") }, europe.Select(e => (e.InstanceId, e.AccountId, e.Region)).Distinct());
            Assert.Equal(new[] { (elsewhere, OtherAccount, "us-east-1") }, other.Select(e => (e.InstanceId, e.AccountId, e.Region)).Distinct());
            Assert.Equal(new long[] { 3, 4 }, other.Select(e => e.Seq));
        }

        [Fact]
        public void InstanceViewNamesItsAccountAndRegionAndHonoursFilters()
        {
            _sandbox.ProfileWithRole("web");
            _sandbox.Region = "eu-west-1";
            string instance = _sandbox.Launch(1, "web")[0];

            JsonElement view = JsonSerializer.SerializeToElement(InstanceCredentials.Describe(_sandbox.Store, instance));

            Assert.Equal((TestSandbox.DefaultAccount, "eu-west-1"), (view.GetProperty("AccountId").GetString(), view.GetProperty("Region").GetString()));
            Assert.NotNull(InstanceCredentials.Describe(_sandbox.Store, instance, TestSandbox.DefaultAccount, "eu-west-1"));
            Assert.Null(InstanceCredentials.Describe(_sandbox.Store, instance, region: "us-east-1"));
            Assert.Null(InstanceCredentials.Describe(_sandbox.Store, instance, accountId: OtherAccount));
        }
    }
}
