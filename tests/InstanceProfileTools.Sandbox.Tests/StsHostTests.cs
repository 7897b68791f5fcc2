using System;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using System.Xml.Linq;
using InstanceProfileTools.Sandbox.Hosting;
using InstanceProfileTools.Sandbox.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Sandbox.Tests
{
    /// <summary>
    /// STS over HTTP on a manual clock: the minted credentials act in the role's account until they expire, by the
    /// clock or by the admin endpoint, and need their token.
    /// </summary>
    [Trait("Category", "Sts")]
    public sealed class StsHostTests : IAsyncLifetime
    {
        private const string Other = "210987654321";
        private const string RoleArn = "arn:aws:iam::" + Other + ":role/deploy";

        private readonly ManualClock _clock = new ManualClock(DateTimeOffset.UtcNow);
        private SandboxHost _host = null!;
        private SandboxClient _client = null!;
        private SandboxClient _other = null!;

        public async Task InitializeAsync()
        {
            _host = await SandboxHost.StartAsync(SandboxOptions.Parse(new[] { "--port", "0", "--account", Other + "=AKIDOTHER:other" }, _ => null), _clock);
            _client = new SandboxClient(_host.Url, clock: () => _clock.UtcNow);
            _other = _client.With("AKIDOTHER", "other");
            string trust = "{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"arn:aws:iam::123456789012:root\"}, \"Action\": \"sts:AssumeRole\"}]}";
            await _other.CallAsync("iam", "CreateRole", ("RoleName", "deploy"), ("AssumeRolePolicyDocument", trust));
        }

        public async Task DisposeAsync()
        {
            _client.Dispose();
            _other.Dispose();
            await _host.DisposeAsync();
        }

        [Fact]
        public async Task MintedCredentialsActInTheRolesAccount()
        {
            using SandboxClient minted = await AssumeAsync("run-1");

            var (identityStatus, identity) = await minted.CallAsync("sts", "GetCallerIdentity");
            var (_, roles) = await minted.CallAsync("iam", "GetRole", ("RoleName", "deploy"));
            var (_, launched) = await minted.CallAsync("ec2", "RunInstances", ("ImageId", "ami-12345678"), ("MinCount", "1"), ("MaxCount", "1"));
            var (_, seenByOwner) = await _other.CallAsync("ec2", "DescribeInstances");
            var (_, seenByCaller) = await _client.CallAsync("ec2", "DescribeInstances");

            Assert.Equal((200, Other), (identityStatus, SandboxClient.Value(identity, "Account")));
            Assert.Equal($"arn:aws:sts::{Other}:assumed-role/deploy/run-1", SandboxClient.Value(identity, "Arn"));
            Assert.Equal(RoleArn, SandboxClient.Value(roles, "Arn"));
            Assert.Equal(Other, SandboxClient.Value(launched, "ownerId"));
            Assert.Equal(SandboxClient.Value(launched, "instanceId"), SandboxClient.Value(seenByOwner, "instanceId"));
            Assert.DoesNotContain(seenByCaller.Descendants(), e => e.Name.LocalName == "instanceId");
        }

        [Theory]
        [InlineData("wrong-token")]
        [InlineData(null)]
        public async Task MintedCredentialsWithoutTheirTokenAreInvalid(string? token)
        {
            using SandboxClient minted = await AssumeAsync("run-1");
            using SandboxClient mistaken = minted.With(minted.AccessKey, minted.SecretKey, token);

            var (iamStatus, iam) = await mistaken.CallAsync("iam", "ListRoles");
            var (ec2Status, ec2) = await mistaken.CallAsync("ec2", "DescribeInstances");

            Assert.Equal((403, "InvalidClientTokenId"), (iamStatus, SandboxClient.Value(iam, "Code")));
            Assert.Equal((401, "AuthFailure"), (ec2Status, SandboxClient.Value(ec2, "Code")));
        }

        [Fact]
        public async Task MintedCredentialsExpireWithTheClock()
        {
            using SandboxClient minted = await AssumeAsync("run-1", ("DurationSeconds", "900"));
            _clock.Advance(899_000);
            Assert.Equal(200, (await minted.CallAsync("iam", "ListRoles")).Status);

            _clock.Advance(1_000);

            await AssertExpiredAsync(minted);
        }

        [Fact]
        public async Task AdminExpiresOneSessionOrAllAndListsThemWithoutSecrets()
        {
            using SandboxClient first = await AssumeAsync("first");
            using SandboxClient second = await AssumeAsync("second");

            var (listed, sessions) = await _client.AdminAsync(HttpMethod.Get, "sessions");
            var (one, expiredOne) = await _client.AdminAsync(HttpMethod.Post, "sessions/expire", "{\"accessKeyId\": \"" + first.AccessKey + "\"}");

            Assert.Equal((200, 2), (listed, sessions.GetArrayLength()));
            JsonElement session = sessions[0];
            Assert.Equal((Other, RoleArn, "deploy", false), (Text(session, "account"), Text(session, "roleArn"), Text(session, "roleName"), session.GetProperty("expired").GetBoolean()));
            Assert.Equal($"arn:aws:sts::{Other}:assumed-role/deploy/{Text(session, "sessionName")}", Text(session, "assumedRoleArn"));
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", Text(session, "expiration"));
            Assert.DoesNotContain(first.SecretKey, sessions.ToString());
            Assert.DoesNotContain(first.SessionToken!, sessions.ToString());
            Assert.Equal((200, 1), (one, expiredOne.GetProperty("expired").GetInt32()));
            await AssertExpiredAsync(first);
            Assert.Equal(200, (await second.CallAsync("iam", "ListRoles")).Status);

            Assert.Equal(1, (await _client.AdminAsync(HttpMethod.Post, "sessions/expire")).Body.GetProperty("expired").GetInt32());
            await AssertExpiredAsync(second);
            Assert.Equal(404, (await _client.AdminAsync(HttpMethod.Post, "sessions/expire", "{\"accessKeyId\": \"ASIANOTMINTEDHERE000\"}")).Status);
        }

        [Fact]
        public async Task ResetForgetsEverySession()
        {
            using SandboxClient minted = await AssumeAsync("run-1");

            await _client.AdminAsync(HttpMethod.Post, "reset");

            Assert.Equal(0, (await _client.AdminAsync(HttpMethod.Get, "sessions")).Body.GetArrayLength());
            Assert.Equal("InvalidClientTokenId", SandboxClient.Value((await minted.CallAsync("sts", "GetCallerIdentity")).Body, "Code"));
        }

        [Fact]
        public async Task ErrorsComeInStsErrorResponseWithTypeSender()
        {
            var (status, body) = await _client.CallAsync("sts", "AssumeRole", ("RoleArn", $"arn:aws:iam::{Other}:role/ghost"), ("RoleSessionName", "s1"));

            XNamespace ns = "https://sts.amazonaws.com/doc/2011-06-15/";
            Assert.Equal(403, status);
            Assert.Equal(ns + "ErrorResponse", body.Name);
            Assert.Equal(("Sender", "AccessDenied"), (body.Element(ns + "Error")!.Element(ns + "Type")!.Value, body.Element(ns + "Error")!.Element(ns + "Code")!.Value));
            Assert.NotEmpty(body.Element(ns + "RequestId")!.Value);
        }

        [Fact]
        public async Task StsIsReachedFromAnyEnabledRegionAndNamesItsVersion()
        {
            var (regional, _) = await _client.With("test", "test", region: "eu-west-1").CallAsync("sts", "GetCallerIdentity");
            var (wrongVersion, body) = await _client.CallWithVersionAsync("sts", "2010-05-08", "GetCallerIdentity");

            Assert.Equal(200, regional);
            Assert.Equal((400, "Could not find operation GetCallerIdentity for version 2010-05-08"), (wrongVersion, SandboxClient.Value(body, "Message")));
        }

        [Fact]
        public async Task TheGlobalSigningRegionServesIamAndStsEvenWhenNotEnabled()
        {
            SandboxOptions options = SandboxOptions.Parse(new[] { "--port", "0", "--regions", "eu-west-1" }, _ => null);
            await using SandboxHost host = await SandboxHost.StartAsync(options);
            using var client = new SandboxClient(host.Url);

            Assert.Equal(200, (await client.CallAsync("sts", "GetCallerIdentity")).Status);
            Assert.Equal(200, (await client.CallAsync("iam", "ListRoles")).Status);
            Assert.Equal(401, (await client.CallAsync("ec2", "DescribeInstances")).Status);
        }

        private async Task<SandboxClient> AssumeAsync(string sessionName, params (string Name, string Value)[] more)
        {
            var parameters = new (string, string)[] { ("RoleArn", RoleArn), ("RoleSessionName", sessionName) };
            var (status, body) = await _client.CallAsync("sts", "AssumeRole", [.. parameters, .. more]);
            Assert.Equal(200, status);
            return _client.With(SandboxClient.Value(body, "AccessKeyId"), SandboxClient.Value(body, "SecretAccessKey"), SandboxClient.Value(body, "SessionToken"));
        }

        /// <summary>Expired temporary credentials: ExpiredToken, 403, from IAM and STS; RequestExpired, 400, from EC2.</summary>
        private static async Task AssertExpiredAsync(SandboxClient minted)
        {
            var (iamStatus, iam) = await minted.CallAsync("iam", "ListRoles");
            var (stsStatus, sts) = await minted.CallAsync("sts", "GetCallerIdentity");
            var (ec2Status, ec2) = await minted.CallAsync("ec2", "DescribeInstances");

            Assert.Equal((403, "ExpiredToken", "The security token included in the request is expired"), (iamStatus, SandboxClient.Value(iam, "Code"), SandboxClient.Value(iam, "Message")));
            Assert.Equal((403, "ExpiredToken"), (stsStatus, SandboxClient.Value(sts, "Code")));
            Assert.Equal((400, "RequestExpired", "Request has expired."), (ec2Status, SandboxClient.Value(ec2, "Code"), SandboxClient.Value(ec2, "Message")));
        }

        private static string Text(JsonElement element, string name) => element.GetProperty(name).GetString()!;
    }
}
