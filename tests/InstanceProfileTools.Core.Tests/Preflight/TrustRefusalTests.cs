using System;
using InstanceProfileTools.Core.ErrorMapping;
using InstanceProfileTools.Core.Operations;
using InstanceProfileTools.Core.Preflight;
using Xunit;

namespace InstanceProfileTools.Core.Tests.Preflight
{
    /// <summary>The error a cmdlet raises for a role EC2 may not assume.</summary>
    [Trait("Category", "Unit")]
    public sealed class TrustRefusalTests
    {
        private const string LambdaOnly =
            @"{""Version"":""2012-10-17"",""Statement"":[{""Effect"":""Allow"",""Principal"":{""Service"":""lambda.amazonaws.com""},""Action"":""sts:AssumeRole""}]}";

        [Fact]
        public void NamesTheRoleWhyAndTheFix()
        {
            TrustVerdict verdict = Ec2Trust.Read(LambdaOnly);

            InstanceProfileToolsException error = TrustRefusal.For("web-role", verdict);

            Assert.Equal(ErrorIds.RoleNotAssumableByEc2, error.ErrorId);
            Assert.Equal(FailureKind.InvalidOperation, error.Kind);
            Assert.Equal("web-role", error.Target);
            Assert.StartsWith("EC2 cannot assume role 'web-role': its trust policy allows only lambda.amazonaws.com", error.Message);
            Assert.Contains("aws iam update-assume-role-policy --role-name web-role", error.Message);
            Assert.Contains("Principal.Service ec2.amazonaws.com and Action sts:AssumeRole", error.Message);
            Assert.Contains("-SkipTrustCheck", error.Message);
            Assert.Contains("AssumeRoleUnauthorizedAccess", error.Message);
        }

        [Fact]
        public void AttachesTheFixAsTheRecommendedAction()
        {
            InstanceProfileToolsException error = TrustRefusal.For("web-role", Ec2Trust.Read(LambdaOnly));

            string? action = RecommendedAction.Of(error);

            Assert.NotNull(action);
            Assert.Contains("update-assume-role-policy", action);
            Assert.Contains("-SkipTrustCheck", action);
        }

        // Adding an Allow does not help while the Deny is there.
        [Fact]
        public void AsksToRemoveTheDenyWhenOneWins()
        {
            TrustVerdict denied = new TrustVerdict(TrustOutcome.Denied, "its trust policy denies ec2.amazonaws.com sts:AssumeRole (statement 2)");

            InstanceProfileToolsException error = TrustRefusal.For("web-role", denied);

            Assert.Contains("remove the statement that denies it", error.Message);
        }

        [Fact]
        public void HedgesWhenThePolicyMayStillLetEc2In()
        {
            TrustVerdict unreadable = Ec2Trust.Read("not json");

            InstanceProfileToolsException error = TrustRefusal.For("web-role", unreadable);

            Assert.StartsWith("EC2 may not be able to assume role 'web-role': its trust policy is not valid JSON", error.Message);
        }

        [Fact]
        public void RefusesToBuildAnErrorForAnAllowedRole()
        {
            TrustVerdict allowed = new TrustVerdict(TrustOutcome.Allowed, "its trust policy allows ec2.amazonaws.com sts:AssumeRole (statement 1)");

            Assert.Throws<ArgumentException>(() => TrustRefusal.For("web-role", allowed));
        }
    }
}
