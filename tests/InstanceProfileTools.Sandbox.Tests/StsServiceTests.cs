using System;
using System.Linq;
using System.Xml.Linq;
using InstanceProfileTools.Sandbox.Identity;
using InstanceProfileTools.Sandbox.Protocol;
using InstanceProfileTools.Sandbox.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Sandbox.Tests
{
    /// <summary>STS's GetCallerIdentity and AssumeRole, called without HTTP on the manual clock.</summary>
    [Trait("Category", "Sts")]
    public sealed class StsServiceTests
    {
        private const string Home = TestSandbox.DefaultAccount;
        private const string Other = "210987654321";
        private const string RoleArn = "arn:aws:iam::" + Other + ":role/deploy";

        private static readonly XNamespace s_ns = "https://sts.amazonaws.com/doc/2011-06-15/";

        private readonly TestSandbox _sandbox = new TestSandbox();
        private readonly CallerIdentity _user = CallerIdentity.User(Home);

        public StsServiceTests()
        {
            RoleIn(Other, "deploy", "{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"" + Home + "\"}, \"Action\": \"sts:AssumeRole\"}]}");
        }

        [Fact]
        public void GetCallerIdentityNamesTheUserOfALongTermKey()
        {
            XElement response = _sandbox.CallSts(_user, "GetCallerIdentity");

            Assert.Equal(s_ns + "GetCallerIdentityResponse", response.Name);
            XElement result = response.Element(s_ns + "GetCallerIdentityResult")!;
            Assert.Equal(Home, result.Element(s_ns + "Account")!.Value);
            Assert.Equal($"arn:aws:iam::{Home}:user/sandbox", result.Element(s_ns + "Arn")!.Value);
            Assert.Matches("^AIDA[A-Z2-7]{17}$", result.Element(s_ns + "UserId")!.Value);
            Assert.Equal("test-request", TestSandbox.Value(response, "RequestId"));
        }

        [Fact]
        public void AssumeRoleMintsCredentialsInTheRolesAccount()
        {
            DateTimeOffset now = _sandbox.Clock.UtcNow;
            string roleId = TestSandbox.Value(_sandbox.CallIamIn(Other, "GetRole", ("RoleName", "deploy")), "RoleId");

            XElement result = _sandbox.CallSts(_user, "AssumeRole", ("RoleArn", RoleArn), ("RoleSessionName", "run-1")).Element(s_ns + "AssumeRoleResult")!;

            XElement credentials = result.Element(s_ns + "Credentials")!;
            Assert.Matches("^ASIA[A-Z0-9]{16}$", credentials.Element(s_ns + "AccessKeyId")!.Value);
            Assert.Equal(40, credentials.Element(s_ns + "SecretAccessKey")!.Value.Length);
            Assert.True(credentials.Element(s_ns + "SessionToken")!.Value.Length > 100);
            Assert.Equal(now.AddHours(1), DateTimeOffset.Parse(credentials.Element(s_ns + "Expiration")!.Value));
            XElement user = result.Element(s_ns + "AssumedRoleUser")!;
            Assert.Equal(($"{roleId}:run-1", $"arn:aws:sts::{Other}:assumed-role/deploy/run-1"), (user.Element(s_ns + "AssumedRoleId")!.Value, user.Element(s_ns + "Arn")!.Value));
            Assert.Null(result.Element(s_ns + "PackedPolicySize"));
            RoleSession session = _sandbox.Store.Sessions.Find(credentials.Element(s_ns + "AccessKeyId")!.Value)!;
            Assert.Equal((Other, RoleArn), (session.AccountId, session.RoleArn));
        }

        [Fact]
        public void ASessionCallsItselfTheAssumedRole()
        {
            CallerIdentity session = Assume(_user, RoleArn, "run-1");

            XElement response = _sandbox.CallSts(session, "GetCallerIdentity");

            Assert.Equal(Other, TestSandbox.Value(response, "Account"));
            Assert.Equal($"arn:aws:sts::{Other}:assumed-role/deploy/run-1", TestSandbox.Value(response, "Arn"));
            Assert.EndsWith(":run-1", TestSandbox.Value(response, "UserId"));
            Assert.StartsWith("AROA", TestSandbox.Value(response, "UserId"));
        }

        [Theory]
        [InlineData("arn:aws:iam::" + Other + ":role/ghost")]
        [InlineData("arn:aws:iam::999999999999:role/deploy")]
        [InlineData("arn:aws:iam::" + Other + ":user/deploy")]
        public void AnUnknownRoleIsAccessDeniedInStsWords(string roleArn)
        {
            AwsServiceException error = _sandbox.StsError(_user, "AssumeRole", ("RoleArn", roleArn), ("RoleSessionName", "s1"));

            Assert.Equal(("AccessDenied", 403), (error.Code, error.Status));
            Assert.Equal($"User: arn:aws:iam::{Home}:user/sandbox is not authorized to perform: sts:AssumeRole on resource: {roleArn}", error.Message);
        }

        [Fact]
        public void ARoleWhoseTrustPolicyLeavesTheCallerOutIsAccessDenied()
        {
            RoleIn(Other, "closed", "{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"Service\": \"ec2.amazonaws.com\"}, \"Action\": \"sts:AssumeRole\"}]}");

            AwsServiceException error = _sandbox.StsError(_user, "AssumeRole", ("RoleArn", $"arn:aws:iam::{Other}:role/closed"), ("RoleSessionName", "s1"));

            Assert.Equal("AccessDenied", error.Code);
        }

        [Fact]
        public void ARoleArnNamesItsPath()
        {
            RoleIn(Other, "pathed", "{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"sts:AssumeRole\"}]}", "/team/");

            Assume(_user, $"arn:aws:iam::{Other}:role/team/pathed", "s1");
            Assert.Equal("AccessDenied", _sandbox.StsError(_user, "AssumeRole", ("RoleArn", $"arn:aws:iam::{Other}:role/pathed"), ("RoleSessionName", "s1")).Code);
        }

        [Theory]
        [InlineData("899", "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900")]
        [InlineData("43201", "1 validation error detected: Value '43201' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200")]
        [InlineData("3601", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")]
        public void DurationSecondsOutsideTheModelOrTheRolesMaximumIsAValidationError(string duration, string message)
        {
            AwsServiceException error = _sandbox.StsError(_user, "AssumeRole", ("RoleArn", RoleArn), ("RoleSessionName", "s1"), ("DurationSeconds", duration));

            Assert.Equal(("ValidationError", 400, message), (error.Code, error.Status, error.Message));
        }

        [Theory]
        [InlineData(900)]
        [InlineData(43200)]
        public void DurationSecondsFrom900UpToTheRolesMaximumIsTaken(int seconds)
        {
            RoleIn(Other, "long", "{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"sts:AssumeRole\"}]}", maxSessionDuration: "43200");
            DateTimeOffset now = _sandbox.Clock.UtcNow;

            XElement response = _sandbox.CallSts(_user, "AssumeRole", ("RoleArn", $"arn:aws:iam::{Other}:role/long"), ("RoleSessionName", "s1"), ("DurationSeconds", seconds.ToString()));

            Assert.Equal(now.AddSeconds(seconds), DateTimeOffset.Parse(TestSandbox.Value(response, "Expiration")));
        }

        [Fact]
        public void RoleChainingIsCappedAtAnHour()
        {
            RoleIn(Other, "next", "{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"" + RoleArn + "\"}, \"Action\": \"sts:AssumeRole\"}]}", maxSessionDuration: "43200");
            CallerIdentity session = Assume(_user, RoleArn, "first");
            string next = $"arn:aws:iam::{Other}:role/next";

            AwsServiceException error = _sandbox.StsError(session, "AssumeRole", ("RoleArn", next), ("RoleSessionName", "second"), ("DurationSeconds", "7200"));

            Assert.Equal("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.", error.Message);
            Assert.Equal($"arn:aws:sts::{Other}:assumed-role/next/second", Assume(session, next, "second").Arn);
            Assert.Equal("AccessDenied", _sandbox.StsError(_user, "AssumeRole", ("RoleArn", next), ("RoleSessionName", "direct")).Code);
        }

        [Theory]
        [InlineData("a")]
        [InlineData("has space")]
        [InlineData("semi;colon")]
        public void RoleSessionNameOutsideTheModelIsAValidationError(string name)
        {
            Assert.Equal("ValidationError", _sandbox.StsError(_user, "AssumeRole", ("RoleArn", RoleArn), ("RoleSessionName", name)).Code);
        }

        [Fact]
        public void RoleSessionNameOf64IsTakenAnd65IsNot()
        {
            Assume(_user, RoleArn, new string('s', 64));

            AwsServiceException error = _sandbox.StsError(_user, "AssumeRole", ("RoleArn", RoleArn), ("RoleSessionName", new string('s', 65)));

            Assert.Contains("at 'roleSessionName' failed to satisfy constraint: Member must have length less than or equal to 64", error.Message);
        }

        [Fact]
        public void SessionPoliciesAndTagsAreAcceptedIgnoredAndMeasured()
        {
            XElement response = _sandbox.CallSts(
                _user,
                "AssumeRole",
                ("RoleArn", RoleArn),
                ("RoleSessionName", "s1"),
                ("Policy", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ec2:Describe*\",\"Resource\":\"*\"}]}"),
                ("PolicyArns.member.1.arn", "arn:aws:iam::aws:policy/ReadOnlyAccess"),
                ("Tags.member.1.Key", "team"),
                ("Tags.member.1.Value", "ops"),
                ("SerialNumber", "arn:aws:iam::123456789012:mfa/user"),
                ("TokenCode", "123456"));

            Assert.InRange(int.Parse(TestSandbox.Value(response, "PackedPolicySize")), 1, 100);
            Assert.Equal("MalformedPolicyDocument", _sandbox.StsError(_user, "AssumeRole", ("RoleArn", RoleArn), ("RoleSessionName", "s1"), ("Policy", "{nope")).Code);
            Assert.Equal("ValidationError", _sandbox.StsError(_user, "AssumeRole", ("RoleArn", RoleArn), ("RoleSessionName", "s1"), ("TokenCode", "12345")).Code);
        }

        [Fact]
        public void MissingMembersAreOneValidationErrorEach()
        {
            AwsServiceException error = _sandbox.StsError(_user, "AssumeRole");

            Assert.StartsWith("2 validation errors detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null", error.Message);
        }

        [Fact]
        public void AnUnknownActionIsInvalidAction()
        {
            AwsServiceException error = _sandbox.StsError(_user, "GetSessionToken");

            Assert.Equal(("InvalidAction", "Could not find operation GetSessionToken for version 2011-06-15"), (error.Code, error.Message));
        }

        private void RoleIn(string account, string name, string trust, string path = "/", string? maxSessionDuration = null)
        {
            var parameters = new[] { ("RoleName", name), ("AssumeRolePolicyDocument", trust), ("Path", path) }.ToList();
            if (maxSessionDuration != null)
            {
                parameters.Add(("MaxSessionDuration", maxSessionDuration));
            }

            _sandbox.CallIamIn(account, "CreateRole", parameters.ToArray());
        }

        private CallerIdentity Assume(CallerIdentity caller, string roleArn, string sessionName)
        {
            XElement response = _sandbox.CallSts(caller, "AssumeRole", ("RoleArn", roleArn), ("RoleSessionName", sessionName));
            return CallerIdentity.Session(_sandbox.Store.Sessions.Find(TestSandbox.Value(response, "AccessKeyId"))!);
        }
    }
}
