using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using InstanceProfileTools.Sandbox.Hosting;
using InstanceProfileTools.Sandbox.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Sandbox.Tests
{
    /// <summary>
    /// The IMDS routes of the admin endpoint over HTTP: IMDS's shapes and statuses, and credentials that sign requests
    /// to the sandbox as the instance's role session.
    /// </summary>
    [Trait("Category", "Admin")]
    public sealed class InstanceMetadataHostTests : IAsyncLifetime
    {
        private const string Ec2Trust = "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

        private readonly HttpClient _http = new HttpClient();
        private readonly StringWriter _log = new StringWriter();
        private SandboxHost _host = null!;
        private SandboxClient _client = null!;
        private string _instance = "";

        public async Task InitializeAsync()
        {
            _host = await SandboxHost.StartAsync(SandboxOptions.Parse(new[] { "--port", "0", "--verbose" }, _ => null), verboseLog: TextWriter.Synchronized(_log));
            _client = new SandboxClient(_host.Url, region: "eu-west-1");
            await _client.CallAsync("iam", "CreateRole", ("RoleName", "app-role"), ("AssumeRolePolicyDocument", Ec2Trust));
            await _client.CallAsync("iam", "CreateInstanceProfile", ("InstanceProfileName", "app"));
            await _client.CallAsync("iam", "AddRoleToInstanceProfile", ("InstanceProfileName", "app"), ("RoleName", "app-role"));
            var (_, launched) = await _client.CallAsync("ec2", "RunInstances", ("ImageId", "ami-12345678"), ("MinCount", "1"), ("MaxCount", "1"), ("IamInstanceProfile.Name", "app"));
            _instance = SandboxClient.Value(launched, "instanceId");
        }

        public async Task DisposeAsync()
        {
            _http.Dispose();
            _client.Dispose();
            await _host.DisposeAsync();
        }

        [Fact]
        public async Task TheInstancesCredentialsActAsItsRoleSessionInItsAccount()
        {
            var (status, type, body) = await GetAsync($"instances/{_instance}/latest/meta-data/iam/security-credentials/app-role");
            using JsonDocument credentials = JsonDocument.Parse(body);
            JsonElement root = credentials.RootElement;
            using SandboxClient asInstance = _client.With(Text(root, "AccessKeyId"), Text(root, "SecretAccessKey"), Text(root, "Token"));

            var (callStatus, identity) = await asInstance.CallAsync("sts", "GetCallerIdentity");

            Assert.Equal((HttpStatusCode.OK, "application/json"), (status, type));
            Assert.Equal(("Success", "AWS-HMAC"), (Text(root, "Code"), Text(root, "Type")));
            Assert.Equal(200, callStatus);
            Assert.Equal($"arn:aws:sts::123456789012:assumed-role/app-role/{_instance}", SandboxClient.Value(identity, "Arn"));
            string log = _log.ToString();
            Assert.Contains("GetCallerIdentity", log);
            Assert.DoesNotContain(Text(root, "AccessKeyId"), log);
            Assert.DoesNotContain(Text(root, "SecretAccessKey"), log);
            Assert.DoesNotContain(Text(root, "Token").Substring(0, 20), log);
        }

        [Fact]
        public async Task InfoAndTheListingAreServedAsImdsServesThem()
        {
            var (infoStatus, _, info) = await GetAsync($"instances/{_instance}/latest/meta-data/iam/info?region=eu-west-1&account=123456789012");
            var (listStatus, listType, listing) = await GetAsync($"instances/{_instance}/latest/meta-data/iam/security-credentials/");

            using JsonDocument document = JsonDocument.Parse(info);
            Assert.Equal((HttpStatusCode.OK, "Success"), (infoStatus, Text(document.RootElement, "Code")));
            Assert.EndsWith(":instance-profile/app", Text(document.RootElement, "InstanceProfileArn"));
            Assert.Equal((HttpStatusCode.OK, "text/plain", "app-role"), (listStatus, listType, listing));
        }

        [Fact]
        public async Task AnUnknownInstanceAndAnInstanceWithoutProfileAreBoth404ButSayWhich()
        {
            var (_, launched) = await _client.CallAsync("ec2", "RunInstances", ("ImageId", "ami-12345678"), ("MinCount", "1"), ("MaxCount", "1"));
            string bare = SandboxClient.Value(launched, "instanceId");

            var (bareStatus, _, bareBody) = await GetAsync($"instances/{bare}/latest/meta-data/iam/info");
            var (unknownStatus, _, unknownBody) = await GetAsync("instances/i-0123456789abcdef0/latest/meta-data/iam/info");
            var (elsewhereStatus, _, _) = await GetAsync($"instances/{_instance}/latest/meta-data/iam/info?region=us-east-1");

            Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound), (bareStatus, unknownStatus, elsewhereStatus));
            Assert.Equal(bare, JsonDocument.Parse(bareBody).RootElement.GetProperty("instanceId").GetString());
            Assert.False(JsonDocument.Parse(unknownBody).RootElement.TryGetProperty("instanceId", out _));
        }

        [Fact]
        public async Task AnotherPathUnderTheInstanceIsNoRoute()
        {
            var (status, _, body) = await GetAsync($"instances/{_instance}/latest/meta-data/ami-id");

            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.Contains("No admin route", body);
        }

        private async Task<(HttpStatusCode Status, string? Type, string Body)> GetAsync(string route)
        {
            using HttpResponseMessage response = await _http.GetAsync(new Uri(_host.Url, "/_sandbox/" + route));
            return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
        }

        private static string Text(JsonElement element, string name) => element.GetProperty(name).GetString()!;
    }
}
