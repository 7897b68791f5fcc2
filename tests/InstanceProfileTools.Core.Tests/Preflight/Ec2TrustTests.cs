using System;
using System.Linq;
using InstanceProfileTools.Core.Preflight;
using Xunit;

namespace InstanceProfileTools.Core.Tests.Preflight
{
    /// <summary>Real-world trust policies, and what they let EC2 do with the role.</summary>
    [Trait("Category", "Unit")]
    public sealed class Ec2TrustTests
    {
        // The policy the console writes for "AWS service: EC2".
        private const string StandardEc2 =
            @"{""Version"":""2012-10-17"",""Statement"":[{""Effect"":""Allow"",""Principal"":{""Service"":""ec2.amazonaws.com""},""Action"":""sts:AssumeRole""}]}";

        public static TheoryData<string, string?, TrustOutcome> Policies => new TheoryData<string, string?, TrustOutcome>
        {
            { "the standard EC2 trust policy", StandardEc2, TrustOutcome.Allowed },
            { "Service as a list with EC2 among others", Policy(Allow(@"{""Service"":[""lambda.amazonaws.com"",""ec2.amazonaws.com"",""ssm.amazonaws.com""]}")), TrustOutcome.Allowed },
            { "Service lambda only", Policy(Allow(@"{""Service"":""lambda.amazonaws.com""}")), TrustOutcome.NotAllowed },
            { "Service rds only", Policy(Allow(@"{""Service"":[""rds.amazonaws.com""]}")), TrustOutcome.NotAllowed },
            { "Action sts:*", Policy(Allow(Ec2, @"""sts:*""")), TrustOutcome.Allowed },
            { "Action *", Policy(Allow(Ec2, @"""*""")), TrustOutcome.Allowed },
            { "Action sts:Assume*", Policy(Allow(Ec2, @"[""sts:TagSession"",""sts:Assume*""]")), TrustOutcome.Allowed },
            { "Action sts:AssumeRol?", Policy(Allow(Ec2, @"""sts:AssumeRol?""")), TrustOutcome.Allowed },
            { "lowercase sts:assumerole", Policy(Allow(Ec2, @"""sts:assumerole""")), TrustOutcome.Allowed },
            { "uppercase service principal", Policy(Allow(@"{""Service"":""EC2.AMAZONAWS.COM""}")), TrustOutcome.Allowed },
            { "the China partition's ec2.amazonaws.com.cn", Policy(Allow(@"{""Service"":""ec2.amazonaws.com.cn""}")), TrustOutcome.Allowed },
            { "EC2 allowed only sts:TagSession", Policy(Allow(Ec2, @"""sts:TagSession""")), TrustOutcome.NotAllowed },
            { "sts:AssumeRoleWithWebIdentity only", Policy(WebIdentity), TrustOutcome.NotAllowed },
            { "Principal *", Policy(Allow(@"""*""")), TrustOutcome.Allowed },
            { @"Principal {""AWS"":""*""}", Policy(Allow(@"{""AWS"":""*""}")), TrustOutcome.Allowed },
            { "an account root only", Policy(Allow(@"{""AWS"":""arn:aws:iam::123456789012:root""}")), TrustOutcome.NotAllowed },
            { "an Allow and a Deny for EC2", Policy(Allow(Ec2), Deny(Ec2)), TrustOutcome.Denied },
            { "a Deny for everyone", Policy(Allow(Ec2), Deny(@"""*""")), TrustOutcome.Denied },
            { "a Deny for another service", Policy(Allow(Ec2), Deny(@"{""Service"":""lambda.amazonaws.com""}")), TrustOutcome.Allowed },
            { "a Deny for EC2 of another action", Policy(Allow(Ec2), Deny(Ec2, @"""sts:TagSession""")), TrustOutcome.Allowed },
            { "an Allow on condition of aws:SourceAccount", Policy(Allow(Ec2) + SourceAccountCondition), TrustOutcome.Conditional },
            { "a conditional and an unconditional Allow", Policy(Allow(Ec2) + SourceAccountCondition, Allow(Ec2)), TrustOutcome.Allowed },
            { "an Allow and a Deny on condition", Policy(Allow(Ec2), Deny(Ec2) + SourceAccountCondition), TrustOutcome.Conditional },
            { "an empty Condition", Policy(Allow(Ec2) + @",""Condition"":{}"), TrustOutcome.Allowed },
            { "NotPrincipal with Allow", Policy(NotPrincipalAllow), TrustOutcome.NotAllowed },
            { "NotAction that leaves sts:AssumeRole in", Policy(NotAction(@"""sts:TagSession""")), TrustOutcome.Allowed },
            { "NotAction that takes sts:AssumeRole out", Policy(NotAction(@"[""sts:Assume*""]")), TrustOutcome.NotAllowed },
            { "a single Statement object", @"{""Version"":""2012-10-17"",""Statement"":{" + Allow(Ec2) + "}}", TrustOutcome.Allowed },
            { "an empty Statement list", @"{""Version"":""2012-10-17"",""Statement"":[]}", TrustOutcome.NotAllowed },
            { "the percent-encoded document IAM sends", Uri.EscapeDataString(StandardEc2), TrustOutcome.Allowed },
            { "a percent-encoded refusal", Uri.EscapeDataString(Policy(Allow(@"{""Service"":""lambda.amazonaws.com""}"))), TrustOutcome.NotAllowed },
            { "pretty-printed JSON with a Sid", "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Sid\": \"Ec2\",\n      " + Allow(Ec2) + "\n    }\n  ]\n}\n", TrustOutcome.Allowed },
            { "malformed JSON", @"{""Statement"":[{""Effect"":""Allow"",", TrustOutcome.Unreadable },
            { "a broken percent-encoding", "%7B%22Statement%ZZ", TrustOutcome.Unreadable },
            { "no Statement", @"{""Version"":""2012-10-17""}", TrustOutcome.Unreadable },
            { "a JSON array", "[]", TrustOutcome.Unreadable },
            { "an Effect IAM does not know", Policy(@"""Effect"":""Permit"",""Principal"":{""Service"":""ec2.amazonaws.com""},""Action"":""sts:AssumeRole"""), TrustOutcome.Unreadable },
            { "an empty string", "", TrustOutcome.Unreadable },
            { "white space", " \r\n ", TrustOutcome.Unreadable },
            { "null", null, TrustOutcome.Unreadable },
        };

        private const string Ec2 = @"{""Service"":""ec2.amazonaws.com""}";
        private const string SourceAccountCondition = @",""Condition"":{""StringEquals"":{""aws:SourceAccount"":""123456789012""}}";

        private const string WebIdentity =
            @"""Effect"":""Allow"",""Principal"":{""Federated"":""arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com""}," +
            @"""Action"":""sts:AssumeRoleWithWebIdentity"",""Condition"":{""StringEquals"":{""token.actions.githubusercontent.com:aud"":""sts.amazonaws.com""}}";

        private const string NotPrincipalAllow =
            @"""Effect"":""Allow"",""NotPrincipal"":{""Service"":""lambda.amazonaws.com""},""Action"":""sts:AssumeRole""";

        [Theory]
        [MemberData(nameof(Policies))]
        public void AnswersWhetherEc2MayAssumeTheRole(string policy, string? document, TrustOutcome expected)
        {
            TrustVerdict verdict = Ec2Trust.Read(document);

            Assert.True(expected == verdict.Outcome, $"{policy}: expected {expected}, got {verdict.Outcome} ({verdict.Reason})");
            // The reason reads after the role's name in warnings and errors.
            Assert.StartsWith("its trust policy", verdict.Reason);
        }

        [Fact]
        public void NamesTheServiceALambdaPolicyTrustsInstead()
        {
            TrustVerdict verdict = Ec2Trust.Read(Policy(Allow(@"{""Service"":""lambda.amazonaws.com""}")));

            Assert.Equal("its trust policy allows only lambda.amazonaws.com to call sts:AssumeRole, not ec2.amazonaws.com", verdict.Reason);
            Assert.True(verdict.RefusesEc2);
        }

        [Fact]
        public void NamesTheActionAWebIdentityPolicyAllowsInstead()
        {
            TrustVerdict verdict = Ec2Trust.Read(Policy(WebIdentity));

            Assert.Equal("its trust policy allows only sts:AssumeRoleWithWebIdentity, not sts:AssumeRole", verdict.Reason);
        }

        [Fact]
        public void NamesTheDenyThatWins()
        {
            TrustVerdict verdict = Ec2Trust.Read(Policy(Allow(Ec2), @"""Sid"":""NoEc2""," + Deny(Ec2)));

            Assert.Equal(TrustOutcome.Denied, verdict.Outcome);
            Assert.Contains("statement \"NoEc2\"", verdict.Reason);
            Assert.Contains("explicit Deny overrides any Allow", verdict.Reason);
        }

        [Fact]
        public void NamesTheConditionItCannotCheck()
        {
            TrustVerdict verdict = Ec2Trust.Read(Policy(Allow(Ec2) + SourceAccountCondition));

            Assert.Contains("only under a condition on aws:SourceAccount", verdict.Reason);
            Assert.False(verdict.RefusesEc2);
        }

        [Fact]
        public void NotesANotPrincipalStatementItDidNotCount()
        {
            TrustVerdict verdict = Ec2Trust.Read(Policy(Allow(@"{""Service"":""lambda.amazonaws.com""}"), NotPrincipalAllow));

            Assert.Equal(TrustOutcome.NotAllowed, verdict.Outcome);
            Assert.Contains("statement 2 uses NotPrincipal, which IAM does not support in a role trust policy", verdict.Reason);
        }

        [Fact]
        public void SaysWhyMalformedJsonIsUnreadable()
        {
            TrustVerdict verdict = Ec2Trust.Read("{\"Statement\": [");

            Assert.Equal(TrustOutcome.Unreadable, verdict.Outcome);
            Assert.StartsWith("its trust policy is not valid JSON (", verdict.Reason);
        }

        // JsonDocument refuses nesting deeper than 64 with a JsonException, which Read must not let out.
        [Fact]
        public void CallsTooDeepANestingUnreadable()
        {
            string deep = @"{""Statement"":" + string.Concat(Enumerable.Repeat("[", 100)) + string.Concat(Enumerable.Repeat("]", 100)) + "}";

            Assert.Equal(TrustOutcome.Unreadable, Ec2Trust.Read(deep).Outcome);
        }

        private static string Policy(params string[] statements) =>
            @"{""Version"":""2012-10-17"",""Statement"":[" + string.Join(",", statements.Select(s => "{" + s + "}")) + "]}";

        private static string Allow(string principal, string action = @"""sts:AssumeRole""") =>
            $@"""Effect"":""Allow"",""Principal"":{principal},""Action"":{action}";

        private static string Deny(string principal, string action = @"""sts:AssumeRole""") =>
            $@"""Effect"":""Deny"",""Principal"":{principal},""Action"":{action}";

        private static string NotAction(string excluded) =>
            $@"""Effect"":""Allow"",""Principal"":{Ec2},""NotAction"":{excluded}";
    }
}
