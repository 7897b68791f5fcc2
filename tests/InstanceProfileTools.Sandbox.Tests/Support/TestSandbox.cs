using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;
using InstanceProfileTools.Sandbox.Ec2;
using InstanceProfileTools.Sandbox.Iam;
using InstanceProfileTools.Sandbox.Identity;
using InstanceProfileTools.Sandbox.Protocol;
using InstanceProfileTools.Sandbox.Settings;
using InstanceProfileTools.Sandbox.State;
using InstanceProfileTools.Sandbox.Sts;

namespace InstanceProfileTools.Sandbox.Tests.Support
{
    /// <summary>
    /// The sandbox's services over an in-memory store and a manual clock, called without HTTP, in the default
    /// account and us-east-1 unless a test moves <see cref="Account"/> or <see cref="Region"/>.
    /// </summary>
    internal sealed class TestSandbox
    {
        public const string DefaultAccount = "123456789012";

        public TestSandbox(SandboxSettings? settings = null)
        {
            Store = new SandboxStore(Clock, DefaultAccount, settings ?? new SandboxSettings());
        }

        public ManualClock Clock { get; } = new ManualClock();

        public SandboxStore Store { get; }

        /// <summary>The account the next calls are made in.</summary>
        public string Account { get; set; } = DefaultAccount;

        /// <summary>The region the next EC2 calls are made in.</summary>
        public string Region { get; set; } = "us-east-1";

        /// <summary>The EC2 state of the current account and region.</summary>
        public RegionState Ec2State => Store.State.Account(Account).Region(Region);

        /// <summary>The IAM state of the current account.</summary>
        public AccountState IamState => Store.State.Account(Account);

        public ConsistencySettings Consistency => Store.Settings.Consistency;

        public XElement CallIam(string action, params (string Name, string Value)[] parameters) => CallIamIn(Account, action, parameters);

        /// <summary>An IAM call in another account than <see cref="Account"/>.</summary>
        public XElement CallIamIn(string account, string action, params (string Name, string Value)[] parameters) =>
            new IamService(Store, account).Handle(Request(ServiceKind.Iam, action, parameters));

        public XElement CallEc2(string action, params (string Name, string Value)[] parameters) => CallEc2Stuck(action, false, parameters);

        /// <summary>An STS call made by <paramref name="caller"/>.</summary>
        public XElement CallSts(CallerIdentity caller, string action, params (string Name, string Value)[] parameters) =>
            new StsService(Store).Handle(Request(ServiceKind.Sts, action, parameters, caller));

        public AwsServiceException StsError(CallerIdentity caller, string action, params (string Name, string Value)[] parameters) =>
            Xunit.Assert.Throws<AwsServiceException>(() => CallSts(caller, action, parameters));

        public XElement CallEc2Stuck(string action, bool stuck, params (string Name, string Value)[] parameters) =>
            new Ec2Service(Store, Account, Region).Handle(Request(ServiceKind.Ec2, action, parameters), stuck);

        public AwsServiceException IamError(string action, params (string Name, string Value)[] parameters) =>
            Xunit.Assert.Throws<AwsServiceException>(() => CallIam(action, parameters));

        public AwsServiceException Ec2Error(string action, params (string Name, string Value)[] parameters) =>
            Xunit.Assert.Throws<AwsServiceException>(() => CallEc2(action, parameters));

        /// <summary>A role and a profile of that name holding it.</summary>
        public void ProfileWithRole(string name)
        {
            CallIam("CreateRole", ("RoleName", name + "-role"), ("AssumeRolePolicyDocument", "{}"));
            CallIam("CreateInstanceProfile", ("InstanceProfileName", name));
            CallIam("AddRoleToInstanceProfile", ("InstanceProfileName", name), ("RoleName", name + "-role"));
        }

        /// <summary>Launches instances, optionally with a profile; answers their ids.</summary>
        public List<string> Launch(int count, string? profile = null)
        {
            var parameters = new List<(string, string)> { ("ImageId", "ami-12345678"), ("MinCount", count.ToString()), ("MaxCount", count.ToString()) };
            if (profile != null)
            {
                parameters.Add(("IamInstanceProfile.Name", profile));
            }

            return Values(CallEc2("RunInstances", parameters.ToArray()), "instanceId");
        }

        /// <summary>Associates a profile; answers the association id.</summary>
        public string Associate(string instanceId, string profile) =>
            Value(CallEc2("AssociateIamInstanceProfile", ("InstanceId", instanceId), ("IamInstanceProfile.Name", profile)), "associationId");

        /// <summary>The association states Describe lists for an instance.</summary>
        public List<string> StatesOf(string instanceId) =>
            Values(CallEc2("DescribeIamInstanceProfileAssociations", ("Filter.1.Name", "instance-id"), ("Filter.1.Value.1", instanceId)), "state");

        /// <summary>The instance's tags as DescribeInstances answers them, "key=value", in order.</summary>
        public List<string> TagsOf(string instanceId) =>
            CallEc2("DescribeInstances", ("InstanceId.1", instanceId)).Descendants().Where(e => e.Name.LocalName == "tagSet").SelectMany(s => s.Elements())
                .Select(i => Value(i, "key") + "=" + Value(i, "value")).ToList();

        public static string Value(XElement document, string localName) => Values(document, localName).Single();

        public static List<string> Values(XElement document, string localName) =>
            document.Descendants().Where(e => e.Name.LocalName == localName).Select(e => e.Value).ToList();

        private AwsRequest Request(ServiceKind service, string action, (string Name, string Value)[] parameters, CallerIdentity? caller = null) =>
            new AwsRequest(service, action, parameters.ToDictionary(p => p.Name, p => p.Value), "test-request")
            {
                AccountId = caller?.AccountId ?? Account,
                Region = Region,
                Caller = caller,
            };
    }
}
