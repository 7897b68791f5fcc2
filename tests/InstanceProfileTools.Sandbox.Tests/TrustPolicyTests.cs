using System;
using InstanceProfileTools.Sandbox.Identity;
using Xunit;

namespace InstanceProfileTools.Sandbox.Tests
{
    /// <summary>Who a role's trust policy lets assume it, as IAM evaluates sts:AssumeRole.</summary>
    [Trait("Category", "Sts")]
    public sealed class TrustPolicyTests
    {
        private const string Home = "123456789012";
        private const string Other = "210987654321";

        private static readonly CallerIdentity s_user = CallerIdentity.User(Home);
        private static readonly CallerIdentity s_session = CallerIdentity.Session(new RoleSession(
            "ASIAAAAAAAAAAAAAAAAA", "secret", "token", Home, $"arn:aws:iam::{Home}:role/ops/deployer", "deployer", "AROAAAAAAAAAAAAAAAAAA", "run-1", DateTimeOffset.MaxValue));

        [Theory]
        [InlineData("\"" + Home + "\"", true)]
        [InlineData("\"" + Other + "\"", false)]
        [InlineData("\"arn:aws:iam::" + Home + ":root\"", true)]
        [InlineData("\"arn:aws:iam::" + Other + ":root\"", false)]
        [InlineData("\"arn:aws:iam::" + Home + ":user/sandbox\"", true)]
        [InlineData("\"arn:aws:iam::" + Home + ":user/someone-else\"", false)]
        [InlineData("\"arn:aws:iam::" + Home + ":role/ops/deployer\"", false)]
        [InlineData("\"*\"", true)]
        [InlineData("[\"" + Other + "\", \"arn:aws:iam::" + Home + ":root\"]", true)]
        [InlineData("[\"" + Other + "\"]", false)]
        public void AnAwsPrincipalNamesAUserByAccountRootArnUserArnOrStar(string principal, bool allowed)
        {
            Assert.Equal(allowed, TrustPolicy.Allows(Policy("\"Allow\"", "{\"AWS\": " + principal + "}"), s_user, null));
        }

        [Theory]
        [InlineData("\"arn:aws:iam::" + Home + ":role/ops/deployer\"", true)]
        [InlineData("\"arn:aws:iam::" + Home + ":role/deployer\"", false)]
        [InlineData("\"arn:aws:sts::" + Home + ":assumed-role/deployer/run-1\"", true)]
        [InlineData("\"arn:aws:sts::" + Home + ":assumed-role/deployer/run-2\"", false)]
        [InlineData("\"" + Home + "\"", true)]
        [InlineData("\"arn:aws:iam::" + Home + ":user/sandbox\"", false)]
        public void ASessionIsNamedByItsRolesArnForRoleChainingOrByItsOwnArn(string principal, bool allowed)
        {
            Assert.Equal(allowed, TrustPolicy.Allows(Policy("\"Allow\"", "{\"AWS\": " + principal + "}"), s_session, null));
        }

        [Theory]
        [InlineData("\"*\"", true)]
        [InlineData("{\"Service\": \"ec2.amazonaws.com\"}", false)]
        [InlineData("{\"Federated\": \"cognito-identity.amazonaws.com\"}", false)]
        public void PrincipalStarIsAnyoneAndAServicePrincipalIsNoUser(string principal, bool allowed)
        {
            Assert.Equal(allowed, TrustPolicy.Allows(Policy("\"Allow\"", principal), s_user, null));
        }

        [Theory]
        [InlineData("\"sts:AssumeRole\"", true)]
        [InlineData("\"STS:assumerole\"", true)]
        [InlineData("\"sts:*\"", true)]
        [InlineData("\"*\"", true)]
        [InlineData("[\"sts:TagSession\", \"sts:AssumeRole\"]", true)]
        [InlineData("\"sts:AssumeRoleWithSAML\"", false)]
        [InlineData("[\"sts:TagSession\"]", false)]
        public void ActionIsAStringOrListWithWildcardsWithoutCase(string action, bool allowed)
        {
            Assert.Equal(allowed, TrustPolicy.Allows(Policy("\"Allow\"", "\"*\"", action: action), s_user, null));
        }

        [Theory]
        [InlineData("StringEquals", "\"abc-123\"", "abc-123", true)]
        [InlineData("StringEquals", "\"abc-123\"", "abc-124", false)]
        [InlineData("StringEquals", "\"abc-123\"", null, false)]
        [InlineData("StringEquals", "[\"x\", \"abc-123\"]", "abc-123", true)]
        [InlineData("StringLike", "\"abc-*\"", "abc-999", true)]
        [InlineData("StringLike", "\"abc-?\"", "abc-99", false)]
        [InlineData("StringNotEquals", "\"abc-123\"", "zzz", false)]
        public void ExternalIdConditionMatchesMismatchesOrIsMissing(string @operator, string values, string? externalId, bool allowed)
        {
            string condition = "{\"" + @operator + "\": {\"sts:ExternalId\": " + values + "}}";

            Assert.Equal(allowed, TrustPolicy.Allows(Policy("\"Allow\"", "\"*\"", condition: condition), s_user, externalId));
        }

        [Fact]
        public void AConditionOnAnyOtherKeyDoesNotMatch()
        {
            string condition = "{\"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}}";

            Assert.False(TrustPolicy.Allows(Policy("\"Allow\"", "\"*\"", condition: condition), s_user, null));
            Assert.False(TrustPolicy.Allows(Policy("\"Allow\"", "\"*\"", condition: "{\"StringEquals\": {\"aws:PrincipalTag/team\": \"x\"}}"), s_user, "x"));
        }

        [Fact]
        public void AnExplicitDenyWinsOverAnAllow()
        {
            string policy = "{\"Version\": \"2012-10-17\", \"Statement\": [" +
                Statement("\"Allow\"", "{\"AWS\": \"" + Home + "\"}", "\"sts:AssumeRole\"", null) + ", " +
                Statement("\"Deny\"", "{\"AWS\": \"arn:aws:iam::" + Home + ":user/sandbox\"}", "\"sts:*\"", null) + "]}";

            Assert.False(TrustPolicy.Allows(policy, s_user, null));
            Assert.True(TrustPolicy.Allows(policy, s_session, null));
        }

        [Fact]
        public void ADenyWhoseConditionDoesNotHoldDoesNotApply()
        {
            string policy = "{\"Statement\": [" +
                Statement("\"Allow\"", "\"*\"", "\"sts:AssumeRole\"", null) + ", " +
                Statement("\"Deny\"", "\"*\"", "\"sts:AssumeRole\"", "{\"StringEquals\": {\"sts:ExternalId\": \"blocked\"}}") + "]}";

            Assert.True(TrustPolicy.Allows(policy, s_user, "fine"));
            Assert.False(TrustPolicy.Allows(policy, s_user, "blocked"));
        }

        [Theory]
        [InlineData("{}")]
        [InlineData("{\"Version\": \"2012-10-17\", \"Statement\": []}")]
        [InlineData("not json")]
        [InlineData("[]")]
        public void NoAllowingStatementMeansDenied(string policy)
        {
            Assert.False(TrustPolicy.Allows(policy, s_user, null));
        }

        [Fact]
        public void ASingleStatementObjectCountsAsAList()
        {
            string policy = "{\"Statement\": " + Statement("\"Allow\"", "{\"AWS\": \"" + Home + "\"}", "\"sts:AssumeRole\"", null) + "}";

            Assert.True(TrustPolicy.Allows(policy, s_user, null));
        }

        [Fact]
        public void NotPrincipalAndNotActionStatementsNeverApply()
        {
            string notPrincipal = "{\"Statement\": [{\"Effect\": \"Allow\", \"NotPrincipal\": {\"AWS\": \"" + Other + "\"}, \"Action\": \"sts:AssumeRole\"}]}";
            string notAction = "{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"*\", \"NotAction\": \"sts:TagSession\"}]}";

            Assert.False(TrustPolicy.Allows(notPrincipal, s_user, null));
            Assert.False(TrustPolicy.Allows(notAction, s_user, null));
        }

        [Theory]
        [InlineData("{\"Service\": \"ec2.amazonaws.com\"}", "\"sts:AssumeRole\"", true)]
        [InlineData("{\"Service\": [\"lambda.amazonaws.com\", \"ec2.amazonaws.com\"]}", "\"sts:AssumeRole\"", true)]
        [InlineData("{\"Service\": \"EC2.amazonaws.com\"}", "\"sts:*\"", true)]
        [InlineData("\"*\"", "\"*\"", true)]
        [InlineData("{\"Service\": \"lambda.amazonaws.com\"}", "\"sts:AssumeRole\"", false)]
        [InlineData("{\"Service\": [\"rds.amazonaws.com\"]}", "\"sts:AssumeRole\"", false)]
        [InlineData("{\"Service\": \"ec2.amazonaws.com\"}", "\"sts:TagSession\"", false)]
        [InlineData("{\"AWS\": \"*\"}", "\"sts:AssumeRole\"", false)]
        [InlineData("{\"AWS\": \"" + Home + "\"}", "\"sts:AssumeRole\"", false)]
        public void AServicePrincipalIsNamedByServiceAsAStringOrListOrByStar(string principal, string action, bool allowed)
        {
            Assert.Equal(allowed, TrustPolicy.AllowsService(Policy("\"Allow\"", principal, action: action), "ec2.amazonaws.com"));
        }

        [Theory]
        [InlineData("[\"ec2.amazonaws.com\"]", false)]
        [InlineData("\"lambda.amazonaws.com\"", true)]
        public void ADenyOfTheServiceWinsOverItsAllow(string denied, bool allowed)
        {
            string policy = "{\"Statement\": [" +
                Statement("\"Allow\"", "{\"Service\": \"ec2.amazonaws.com\"}", "\"sts:AssumeRole\"", null) + ", " +
                Statement("\"Deny\"", "{\"Service\": " + denied + "}", "\"sts:*\"", null) + "]}";

            Assert.Equal(allowed, TrustPolicy.AllowsService(policy, "ec2.amazonaws.com"));
        }

        [Fact]
        public void AServiceNeverMeetsAnExternalIdCondition()
        {
            string condition = "{\"StringLike\": {\"sts:ExternalId\": \"*\"}}";

            Assert.False(TrustPolicy.AllowsService(Policy("\"Allow\"", "{\"Service\": \"ec2.amazonaws.com\"}", condition: condition), "ec2.amazonaws.com"));
        }

        private static string Policy(string effect, string principal, string action = "\"sts:AssumeRole\"", string? condition = null) =>
            "{\"Version\": \"2012-10-17\", \"Statement\": [" + Statement(effect, principal, action, condition) + "]}";

        private static string Statement(string effect, string principal, string action, string? condition) =>
            "{\"Effect\": " + effect + ", \"Principal\": " + principal + ", \"Action\": " + action +
            (condition == null ? "" : ", \"Condition\": " + condition) + "}";
    }
}
