using System;
using System.Text.Json;
using InstanceProfileTools.Sandbox.Identity;
using InstanceProfileTools.Sandbox.Protocol;
using InstanceProfileTools.Sandbox.Settings;
using InstanceProfileTools.Sandbox.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Sandbox.Tests
{
    /// <summary>STS DecodeAuthorizationMessage: only this sandbox's own messages, unchanged, decode; the caller may be refused.</summary>
    [Trait("Category", "Permissions")]
    public sealed class DecodeAuthorizationMessageTests
    {
        private const string Prefix = "Encoded authorization failure message: ";

        private static readonly CallerIdentity s_user = CallerIdentity.User(TestSandbox.DefaultAccount);

        private readonly TestSandbox _sandbox = new TestSandbox();
        private readonly string _encoded;

        public DecodeAuthorizationMessageTests()
        {
            _sandbox.ProfileWithRole("web");
            string instance = _sandbox.Launch(1)[0];
            Deny("{\"action\": \"iam:PassRole\"}");
            string message = _sandbox.Ec2Error("AssociateIamInstanceProfile", ("InstanceId", instance), ("IamInstanceProfile.Name", "web")).Message;
            _encoded = message.Substring(message.IndexOf(Prefix, StringComparison.Ordinal) + Prefix.Length);
        }

        [Fact]
        public void TwoRefusalsOfTheSameCallGiveTwoMessagesThatBothDecode()
        {
            string instance = _sandbox.Launch(1)[0];
            string other = _sandbox.Ec2Error("AssociateIamInstanceProfile", ("InstanceId", instance), ("IamInstanceProfile.Name", "web")).Message;

            Assert.DoesNotContain(_encoded, other);
            Assert.Contains("iam:PassRole", Decode(_encoded));
            Assert.Contains("iam:PassRole", Decode(other.Substring(other.IndexOf(Prefix, StringComparison.Ordinal) + Prefix.Length)));
        }

        [Theory]
        [InlineData(0)]
        [InlineData(40)]
        [InlineData(-1)]
        public void AChangedMessageIsInvalidAuthorizationMessageException(int position)
        {
            // -1: the middle. The last character may carry only padding bits, so it is not a reliable change.
            int at = position < 0 ? _encoded.Length / 2 : position;
            string tampered = _encoded.Substring(0, at) + (_encoded[at] == 'A' ? 'B' : 'A') + _encoded.Substring(at + 1);

            AwsServiceException error = _sandbox.StsError(s_user, "DecodeAuthorizationMessage", ("EncodedMessage", tampered));

            Assert.Equal(("InvalidAuthorizationMessageException", 400), (error.Code, error.Status));
        }

        [Theory]
        [InlineData("not a message at all")]
        [InlineData("4GIOHlTkIaWHQD0Q0m6XSnuUMCm-abcdefghijklmn-abcdefghijklmn-abcdefghijklmn")]
        public void AMessageThisSandboxDidNotMakeIsInvalid(string encoded)
        {
            Assert.Equal("InvalidAuthorizationMessageException", _sandbox.StsError(s_user, "DecodeAuthorizationMessage", ("EncodedMessage", encoded)).Code);
        }

        [Fact]
        public void AnotherSandboxCannotReadTheMessage()
        {
            var other = new TestSandbox();

            Assert.Equal("InvalidAuthorizationMessageException", other.StsError(s_user, "DecodeAuthorizationMessage", ("EncodedMessage", _encoded)).Code);
        }

        [Fact]
        public void ACallerRefusedTheDecodeGetsAccessDeniedFirst()
        {
            Deny("{\"action\": \"iam:PassRole\"}, {\"action\": \"STS:DecodeAuthorizationMessage\", \"account\": \"123456789012\"}");

            AwsServiceException error = _sandbox.StsError(s_user, "DecodeAuthorizationMessage", ("EncodedMessage", "whatever"));

            Assert.Equal(("AccessDenied", 403), (error.Code, error.Status));
            Assert.Equal(
                "User: arn:aws:iam::123456789012:user/sandbox is not authorized to perform: sts:DecodeAuthorizationMessage on resource: * " +
                "because no identity-based policy allows the sts:DecodeAuthorizationMessage action",
                error.Message);
            Assert.Contains("iam:PassRole", Decode(_encoded, CallerIdentity.User("210987654321")));
        }

        [Fact]
        public void AnEmptyMessageIsAValidationError()
        {
            AwsServiceException error = _sandbox.StsError(s_user, "DecodeAuthorizationMessage", ("EncodedMessage", ""));

            Assert.Equal(("ValidationError", 400), (error.Code, error.Status));
            Assert.Contains("'encodedMessage'", error.Message);
        }

        [Fact]
        public void ARoleSessionIsNamedByItsSessionArnAndIdWithoutAUserName()
        {
            var session = new RoleSession("ASIAAAAAAAAAAAAAAAAA", "s", "t", TestSandbox.DefaultAccount, "arn:aws:iam::123456789012:role/deployer", "deployer", "AROAAAAAAAAAAAAAAAAAA", "run-1", DateTimeOffset.MaxValue);
            string instance = _sandbox.Launch(1)[0];
            var request = new AwsRequest(ServiceKind.Ec2, "AssociateIamInstanceProfile", new System.Collections.Generic.Dictionary<string, string>
            {
                ["InstanceId"] = instance,
                ["IamInstanceProfile.Name"] = "web",
            }, "r") { AccountId = TestSandbox.DefaultAccount, Region = "us-east-1", Caller = CallerIdentity.Session(session) };
            string message = Assert.Throws<AwsServiceException>(() => new Ec2.Ec2Service(_sandbox.Store, TestSandbox.DefaultAccount, "us-east-1").Handle(request, false)).Message;

            using JsonDocument decoded = JsonDocument.Parse(Decode(message.Substring(message.IndexOf(Prefix, StringComparison.Ordinal) + Prefix.Length)));
            JsonElement principal = decoded.RootElement.GetProperty("context").GetProperty("principal");
            Assert.Equal(("arn:aws:sts::123456789012:assumed-role/deployer/run-1", "AROAAAAAAAAAAAAAAAAAA:run-1"), (principal.GetProperty("arn").GetString(), principal.GetProperty("id").GetString()));
            Assert.False(principal.TryGetProperty("name", out _));
        }

        private string Decode(string encoded, CallerIdentity? caller = null) =>
            TestSandbox.Value(_sandbox.CallSts(caller ?? s_user, "DecodeAuthorizationMessage", ("EncodedMessage", encoded)), "DecodedMessage");

        private void Deny(string rules) =>
            _sandbox.Store.Settings = SettingsMerger.Merge(_sandbox.Store.Settings, "{\"permissions\": {\"deny\": [" + rules + "]}}");
    }
}
