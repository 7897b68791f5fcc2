using System;
using System.Collections.Generic;
using System.Linq;
using InstanceProfileTools.Core.Diagnostics;
using InstanceProfileTools.Core.Estate;
using InstanceProfileTools.Core.Operations;
using InstanceProfileTools.Core.Pacing;
using InstanceProfileTools.Core.Ports;
using InstanceProfileTools.Core.Retry;

namespace InstanceProfileTools.Core.Tests.Support
{
    /// <summary>
    /// One account's EC2 in several regions: a <see cref="FakeEc2"/> per region on one fake clock, each reached
    /// through its own paced client as in production, and the IAM beside them (global). A region can be made
    /// unreadable as AWS makes it: AuthFailure where it is not enabled, UnauthorizedOperation where a policy denies it.
    /// </summary>
    internal sealed class FakeEstate : IOperationLog
    {
        private readonly Dictionary<string, FakeEc2> _regions = new(StringComparer.Ordinal);
        private readonly List<string> _opened = new();

        public FakeEstate(string homeRegion, params string[] enabledRegions)
        {
            HomeRegion = homeRegion;
            Iam = new FakeIam(Clock);
            foreach (string region in enabledRegions.Append(homeRegion).Distinct(StringComparer.Ordinal))
            {
                _regions[region] = new FakeEc2(Clock) { EnabledRegions = enabledRegions };
            }
        }

        public FakeClock Clock { get; } = new();

        public FakeIam Iam { get; }

        public string HomeRegion { get; }

        public List<string> Warnings { get; } = new();

        public List<string> VerboseLines { get; } = new();

        /// <summary>The regions whose client was made, in order (the home region's is made with the context).</summary>
        public IReadOnlyList<string> Opened
        {
            get { lock (_opened) return _opened.ToList(); }
        }

        public IEnumerable<FakeEc2> AllRegions => _regions.Values;

        /// <summary>EC2 in the region.</summary>
        public FakeEc2 In(string region) => _regions[region];

        /// <summary>A running instance in the region on the profile; answers the association id.</summary>
        public string InstanceOn(string region, string instanceId, string profileArn)
        {
            In(region).AddInstance(instanceId);
            return In(region).Attach(instanceId, profileArn);
        }

        /// <summary>The region's reads are refused as where it is not enabled (AuthFailure, 401).</summary>
        public void NotEnabled(string region) =>
            In(region).Fault = call => call.Action == "Describe"
                ? FakeErrors.Ec2(AwsCall.Ec2("DescribeIamInstanceProfileAssociations"), "AuthFailure", "AWS was not able to validate the provided access credentials", 401)
                : null;

        /// <summary>The region's reads are refused by a policy (UnauthorizedOperation, 403).</summary>
        public void Denied(string region) =>
            In(region).Fault = call => call.Action == "Describe"
                ? FakeErrors.Ec2(AwsCall.Ec2("DescribeIamInstanceProfileAssociations"), "UnauthorizedOperation", "You are not authorized to perform this operation.", 403)
                : null;

        /// <summary>Every region's clients, each with its own pacer.</summary>
        public RegionalEc2 Regions => new(Paced(HomeRegion), HomeRegion, region =>
        {
            lock (_opened) _opened.Add(region);
            return Paced(region);
        });

        public OperationContext Context => ContextIn(HomeRegion);

        /// <summary>The account-region as a command spanning the estate reaches it: this IAM, the region's own paced EC2.</summary>
        public Place PlaceIn(string region, string accountId = "123456789012") => new(accountId, region, ContextIn(region));

        /// <summary>Every mutating call any region or IAM received.</summary>
        public IEnumerable<string> Mutations =>
            Iam.Calls.Where(c => !c.StartsWith("Get", StringComparison.Ordinal) && !c.StartsWith("List", StringComparison.Ordinal))
                .Concat(_regions.Values.SelectMany(ec2 => ec2.Calls.Where(c => !c.StartsWith("Describe", StringComparison.Ordinal))));

        public void Verbose(string message)
        {
            lock (VerboseLines) VerboseLines.Add(message);
        }

        public void Warning(string message)
        {
            lock (Warnings) Warnings.Add(message);
        }

        private OperationContext ContextIn(string region) => new(Iam, Paced(region), Clock, this, WaitSettings.Default, region) { Regions = Regions };

        private IEc2Api Paced(string region) => new PacedEc2Api(In(region), new Ec2Pacer(Clock), Clock, this);
    }
}
