using System;
using System.Collections.Generic;
using System.Linq;
using InstanceProfileTools.Sandbox.Faults;
using InstanceProfileTools.Sandbox.Hosting;
using InstanceProfileTools.Sandbox.Protocol;
using InstanceProfileTools.Sandbox.Settings;
using InstanceProfileTools.Sandbox.State;
using InstanceProfileTools.Sandbox.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Sandbox.Tests
{
    /// <summary>EC2's request limits (EVIDENCE 22): a bucket per action, account and region, on the manual clock.</summary>
    [Trait("Category", "Faults")]
    public sealed class RequestLimitTests
    {
        private const string Replace = "ReplaceIamInstanceProfileAssociation";
        private const string Associate = "AssociateIamInstanceProfile";
        private readonly ManualClock _clock = new ManualClock();

        [Theory]
        [InlineData(Replace, 50)]
        [InlineData("RunInstances", 50)]
        [InlineData("TerminateInstances", 50)]
        [InlineData(Associate, 100)]
        [InlineData("DisassociateIamInstanceProfile", 100)]
        [InlineData("DescribeIamInstanceProfileAssociations", 100)]
        [InlineData("CreateLaunchTemplateVersion", 100)]
        [InlineData("ModifyLaunchTemplate", 100)]
        [InlineData("CreateTags", 100)]
        [InlineData("DescribeLaunchTemplateVersions", 100)]
        [InlineData("CreateLaunchTemplate", 50)]
        public void AwsTableGivesEachActionItsDocumentedBurst(string action, int burst)
        {
            FaultInjector injector = Injector("\"aws\"");

            List<string> outcomes = Take(injector, burst + 1, action);

            Assert.Equal(Enumerable.Repeat("pass", burst).Append("RequestLimitExceeded/503"), outcomes);
        }

        [Fact]
        public void UnfilteredDescribeInstancesHasTheSmallerBucketOfItsOwn()
        {
            FaultInjector injector = Injector("\"aws\"");

            Assert.Equal(50, Take(injector, 60, "DescribeInstances").Count(o => o == "pass"));
            Assert.Equal(100, Take(injector, 110, "DescribeInstances", parameters: ("InstanceId.1", "i-12345678")).Count(o => o == "pass"));
            Assert.Equal(0, Take(injector, 1, "DescribeInstances", parameters: ("MaxResults", "5")).Count(o => o == "pass"));
        }

        [Fact]
        public void AnActionsEmptyBucketLeavesOtherActionsAlone()
        {
            FaultInjector injector = Injector("\"aws\"");
            Take(injector, 50, Replace);

            Assert.Equal("RequestLimitExceeded/503", Take(injector, 1, Replace).Single());
            Assert.Equal("pass", Take(injector, 1, Associate).Single());
            Assert.Equal("pass", Take(injector, 1, "ListRoles", service: ServiceKind.Iam).Single());
        }

        [Fact]
        public void BucketsArePerAccountAndPerRegion()
        {
            FaultInjector injector = Injector("\"aws\"");
            Take(injector, 50, Replace, account: "111111111111", region: "us-east-1");

            Assert.Equal("RequestLimitExceeded/503", Take(injector, 1, Replace, account: "111111111111", region: "us-east-1").Single());
            Assert.Equal(50, Take(injector, 51, Replace, account: "222222222222", region: "us-east-1").Count(o => o == "pass"));
            Assert.Equal(50, Take(injector, 51, Replace, account: "111111111111", region: "eu-west-1").Count(o => o == "pass"));
        }

        [Fact]
        public void BucketRefillsAtItsRateOnTheSandboxClockAndNoFurtherThanItsBurst()
        {
            FaultInjector injector = Injector("\"aws\"");
            Take(injector, 50, Replace);

            _clock.Advance(199);
            Assert.Equal("RequestLimitExceeded/503", Take(injector, 1, Replace).Single());
            _clock.Advance(1);
            Assert.Equal(new[] { "pass", "RequestLimitExceeded/503" }, Take(injector, 2, Replace));
            _clock.Advance(1000);
            Assert.Equal(5, Take(injector, 10, Replace).Count(o => o == "pass"));
            _clock.Advance(3_600_000);
            Assert.Equal(50, Take(injector, 60, Replace).Count(o => o == "pass"));
        }

        [Fact]
        public void CustomObjectIsMergedMemberByMemberOverTheAwsTable()
        {
            FaultInjector injector = Injector("{\"" + Replace + "\":{\"burst\":2},\"" + Associate + "\":{\"burst\":1,\"perSecond\":1}}");

            Assert.Equal(new[] { "pass", "pass", "RequestLimitExceeded/503" }, Take(injector, 3, Replace));
            Assert.Equal(new[] { "pass", "RequestLimitExceeded/503" }, Take(injector, 2, Associate));
            Assert.Equal(100, Take(injector, 101, "DisassociateIamInstanceProfile").Count(o => o == "pass"));
            _clock.Advance(200);
            Assert.Equal(new[] { "pass", "RequestLimitExceeded/503" }, Take(injector, 2, Replace));
            Assert.Equal("RequestLimitExceeded/503", Take(injector, 1, Associate).Single());
        }

        [Fact]
        public void OffIsTheDefaultAndLimitsNothing()
        {
            FaultInjector injector = new FaultInjector(new SandboxStore(_clock, "123456789012", new SandboxSettings()));

            Assert.All(Take(injector, 500, Replace), o => Assert.Equal("pass", o));
        }

        [Fact]
        public void PerServiceBucketKeepsWorkingBesideTheActionBuckets()
        {
            SandboxSettings settings = SettingsMerger.Merge(new SandboxSettings(), "{\"faults\":{\"rateLimits\":\"aws\",\"ec2RequestsPerSecond\":1,\"ec2Burst\":3}}");
            var injector = new FaultInjector(new SandboxStore(_clock, "123456789012", settings));

            Assert.Equal(new[] { "pass", "pass", "pass", "RequestLimitExceeded/503" }, Take(injector, 4, Associate));
        }

        [Theory]
        [InlineData("\"aws\"", "\"aws\"")]
        [InlineData("\"off\"", "\"off\"")]
        [InlineData("{\"RunInstances\":{\"burst\":3,\"perSecond\":0.5}}", "{\"RunInstances\":{\"burst\":3,\"perSecond\":0.5}}")]
        public void RateLimitsRoundTripInTheirOwnShape(string given, string written)
        {
            SandboxSettings merged = SettingsMerger.Merge(new SandboxSettings(), "{\"faults\":{\"rateLimits\":" + given + "}}");

            Assert.Contains("\"rateLimits\":" + written, System.Text.Json.JsonSerializer.Serialize(merged, SandboxSettings.JsonOptions));
        }

        [Theory]
        [InlineData("\"fast\"", "faults.rateLimits")]
        [InlineData("{\"DescribeRoles\":{\"burst\":3}}", "faults.rateLimits.DescribeRoles")]
        [InlineData("{\"RunInstances\":{\"burst\":0}}", "faults.rateLimits.RunInstances.burst")]
        [InlineData("{\"RunInstances\":{\"perSecond\":0}}", "faults.rateLimits.RunInstances.perSecond")]
        [InlineData("{\"RunInstances\":{\"bust\":3}}", "bust")]
        public void BadRateLimitsAreRefusedNamingWhat(string given, string named)
        {
            SettingsException error = Assert.Throws<SettingsException>(() =>
                SettingsMerger.Merge(new SandboxSettings(), "{\"faults\":{\"rateLimits\":" + given + "}}"));

            Assert.Contains(named, error.Message);
        }

        [Fact]
        public void RateLimitsComeFromTheCommandLineOrTheEnvironment()
        {
            SandboxOptions fromArgs = SandboxOptions.Parse(new[] { "--rate-limits", "{\"RunInstances\":{\"burst\":3}}" }, _ => null);
            SandboxOptions fromEnvironment = SandboxOptions.Parse(Array.Empty<string>(), name => name == "SANDBOX_RATE_LIMITS" ? "aws" : null);

            Assert.Equal(3, fromArgs.Settings.Faults.RateLimits.Overrides["RunInstances"].Burst);
            Assert.True(fromEnvironment.Settings.Faults.RateLimits.Enabled);
            Assert.Empty(fromEnvironment.Settings.Faults.RateLimits.Overrides);
            Assert.False(SandboxOptions.Parse(Array.Empty<string>(), _ => null).Settings.Faults.RateLimits.Enabled);
        }

        [Fact]
        public void AccessKeyMayNameItsOwnAccount()
        {
            SandboxOptions options = SandboxOptions.Parse(new[] { "--credentials", "AK1:S1:111111111111,AK2:S:2" }, _ => null);

            Assert.Equal(("S1", "S:2"), (options.Credentials["AK1"], options.Credentials["AK2"]));
            Assert.Equal(new[] { "AK1" }, options.AccountsByAccessKey.Keys);
            Assert.Equal("111111111111", options.AccountsByAccessKey["AK1"]);
        }

        private FaultInjector Injector(string rateLimits)
        {
            SandboxSettings settings = SettingsMerger.Merge(new SandboxSettings(), "{\"faults\":{\"rateLimits\":" + rateLimits + "}}");
            return new FaultInjector(new SandboxStore(_clock, "123456789012", settings));
        }

        private static List<string> Take(
            FaultInjector injector,
            int count,
            string action,
            ServiceKind service = ServiceKind.Ec2,
            string account = "123456789012",
            string region = "us-east-1",
            params (string Name, string Value)[] parameters) =>
            Enumerable.Range(0, count).Select(_ =>
            {
                var request = new AwsRequest(service, action, parameters.ToDictionary(p => p.Name, p => p.Value), "r") { AccountId = account, Region = region };
                FaultDecision decision = injector.Decide(request);
                return decision.ErrorBefore is AwsServiceException e ? $"{e.Code}/{e.Status}" : "pass";
            }).ToList();
    }
}
