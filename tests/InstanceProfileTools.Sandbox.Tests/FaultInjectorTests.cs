using System.Collections.Generic;
using System.Linq;
using InstanceProfileTools.Sandbox.Faults;
using InstanceProfileTools.Sandbox.Protocol;
using InstanceProfileTools.Sandbox.Settings;
using InstanceProfileTools.Sandbox.State;
using InstanceProfileTools.Sandbox.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Sandbox.Tests
{
    [Trait("Category", "Faults")]
    public sealed class FaultInjectorTests
    {
        private readonly ManualClock _clock = new ManualClock();

        [Fact]
        public void RuleSkipsThenFailsCountTimes()
        {
            FaultInjector injector = Injector(new FaultSettings
            {
                Rules = { new FaultRule { Action = "ReplaceIamInstanceProfileAssociation", Skip = 1, Count = 2, ErrorCode = "InternalError", Status = 500, Message = "boom" } },
            });

            List<string> outcomes = Enumerable.Range(0, 5).Select(_ => Outcome(injector.Decide(Ec2("ReplaceIamInstanceProfileAssociation")))).ToList();

            Assert.Equal(new[] { "pass", "InternalError/500", "InternalError/500", "pass", "pass" }, outcomes);
        }

        [Fact]
        public void RuleMatchesParametersAndActionOnly()
        {
            FaultInjector injector = Injector(new FaultSettings
            {
                Rules = { new FaultRule { Action = "AssociateIamInstanceProfile", Match = new Dictionary<string, string> { ["IamInstanceProfile.Name"] = "x" }, Count = -1 } },
            });

            Assert.Equal("pass", Outcome(injector.Decide(Ec2("AssociateIamInstanceProfile", ("IamInstanceProfile.Name", "y")))));
            Assert.Equal("pass", Outcome(injector.Decide(Ec2("DescribeInstances", ("IamInstanceProfile.Name", "x")))));
            Assert.Equal("RequestLimitExceeded/503", Outcome(injector.Decide(Ec2("AssociateIamInstanceProfile", ("IamInstanceProfile.Name", "x")))));
            Assert.Equal("RequestLimitExceeded/503", Outcome(injector.Decide(Ec2("AssociateIamInstanceProfile", ("IamInstanceProfile.Name", "x")))));
        }

        [Fact]
        public void RuleWithARegionHitsOnlyRequestsSignedForIt()
        {
            FaultInjector injector = Injector(new FaultSettings
            {
                Rules = { new FaultRule { Action = "DescribeIamInstanceProfileAssociations", Region = "eu-west-3", Count = -1, ErrorCode = "UnauthorizedOperation", Status = 403 } },
            });

            Assert.Equal("pass", Outcome(injector.Decide(Ec2("DescribeIamInstanceProfileAssociations"))));
            Assert.Equal("pass", Outcome(injector.Decide(InRegion(Ec2("DescribeIamInstanceProfileAssociations"), "eu-west-1"))));
            Assert.Equal("UnauthorizedOperation/403", Outcome(injector.Decide(InRegion(Ec2("DescribeIamInstanceProfileAssociations"), "eu-west-3"))));
        }

        [Fact]
        public void StuckAndFailAfterEffectsLetTheCallRun()
        {
            FaultInjector injector = Injector(new FaultSettings
            {
                Rules =
                {
                    new FaultRule { Action = "AssociateIamInstanceProfile", Effect = FaultEffects.Stuck },
                    new FaultRule { Action = "DisassociateIamInstanceProfile", Effect = FaultEffects.FailAfter, ErrorCode = "InternalError", Status = 500 },
                },
            });

            FaultDecision stuck = injector.Decide(Ec2("AssociateIamInstanceProfile"));
            FaultDecision after = injector.Decide(Ec2("DisassociateIamInstanceProfile"));

            Assert.True(stuck.Stuck);
            Assert.Null(stuck.ErrorBefore);
            Assert.Null(after.ErrorBefore);
            Assert.Equal("InternalError", after.ErrorAfter!.Code);
        }

        [Fact]
        public void SameSeedGivesSameChoices()
        {
            var faults = new FaultSettings { ThrottleRate = 0.3, ServerErrorRate = 0.2, DropConnectionRate = 0.1, Seed = 42 };

            List<string> first = Run(Injector(faults), 50);
            List<string> second = Run(Injector(faults), 50);

            Assert.Equal(first, second);
            Assert.Contains("drop", first);
            Assert.Contains("Throttling/400", first);
            Assert.Contains("ServiceFailure/500", first);
            Assert.Contains("pass", first);
        }

        [Fact]
        public void TokenBucketThrottlesBeyondBurstAndRefills()
        {
            FaultInjector injector = Injector(new FaultSettings { IamRequestsPerSecond = 10, IamBurst = 3 });

            List<string> burst = Run(injector, 4);
            Assert.Equal(new[] { "pass", "pass", "pass", "Throttling/400" }, burst);
            Assert.Equal("pass", Outcome(injector.Decide(Ec2("DescribeInstances"))));

            _clock.Advance(100);
            Assert.Equal(new[] { "pass", "Throttling/400" }, Run(injector, 2));
        }

        [Fact]
        public void NewSettingsRestartRuleCounts()
        {
            var settings = new SandboxSettings { Faults = { Rules = { new FaultRule { Action = "GetRole", Count = 1 } } } };
            var store = new SandboxStore(_clock, "123456789012", settings);
            var injector = new FaultInjector(store);
            Assert.Equal(new[] { "Throttling/400", "pass" }, Run(injector, 2, "GetRole"));

            store.Settings = SettingsMerger.Merge(store.Settings, "{}");

            Assert.Equal(new[] { "Throttling/400", "pass" }, Run(injector, 2, "GetRole"));
        }

        private FaultInjector Injector(FaultSettings faults) =>
            new FaultInjector(new SandboxStore(_clock, "123456789012", new SandboxSettings { Faults = faults }));

        private static List<string> Run(FaultInjector injector, int count, string action = "ListRoles") =>
            Enumerable.Range(0, count).Select(_ => Outcome(injector.Decide(Iam(action)))).ToList();

        private static string Outcome(FaultDecision decision) =>
            decision.Drop ? "drop" : decision.ErrorBefore is AwsServiceException e ? $"{e.Code}/{e.Status}" : "pass";

        private static AwsRequest Iam(string action) =>
            new AwsRequest(ServiceKind.Iam, action, new Dictionary<string, string>(), "r");

        private static AwsRequest InRegion(AwsRequest request, string region) =>
            new AwsRequest(request.Service, request.Action, request.Parameters, request.RequestId) { Region = region };

        private static AwsRequest Ec2(string action, params (string Name, string Value)[] parameters) =>
            new AwsRequest(ServiceKind.Ec2, action, parameters.ToDictionary(p => p.Name, p => p.Value), "r");
    }
}
