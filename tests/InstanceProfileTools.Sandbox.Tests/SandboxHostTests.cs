using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using System.Xml.Linq;
using InstanceProfileTools.Sandbox.Hosting;
using InstanceProfileTools.Sandbox.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Sandbox.Tests
{
    /// <summary>The sandbox over real HTTP on a loopback port: concurrency, broken clients, the admin endpoint.</summary>
    [Trait("Category", "Host")]
    public sealed class SandboxHostTests : IAsyncLifetime
    {
        private readonly ThrowingClock _clock = new ThrowingClock();
        private SandboxHost _host = null!;
        private SandboxClient _client = null!;

        public async Task InitializeAsync()
        {
            _host = await SandboxHost.StartAsync(SandboxOptions.Parse(new[] { "--port", "0" }, _ => null), _clock);
            _client = new SandboxClient(_host.Url);
        }

        public async Task DisposeAsync()
        {
            _client.Dispose();
            await _host.DisposeAsync();
        }

        [Fact]
        public void ListensOnLoopbackOnly()
        {
            Assert.Equal("127.0.0.1", _host.Url.Host);
            Assert.NotEqual(0, _host.Url.Port);
        }

        [Theory]
        [InlineData("2099-01-01", "Could not find operation ListRoles for version 2099-01-01")]
        [InlineData(null, "Could not find operation ListRoles for version NO_VERSION_SPECIFIED")]
        public async Task AnswersIamCallOfAnotherApiVersionWithInvalidAction(string? version, string message)
        {
            var (status, body) = await _client.CallWithVersionAsync("iam", version, "ListRoles");

            Assert.Equal(400, status);
            Assert.Equal(("InvalidAction", message), (SandboxClient.Value(body, "Code"), SandboxClient.Value(body, "Message")));
        }

        [Fact]
        public async Task ParallelCreatesOfOneNameLetExactlyOneWin()
        {
            var calls = Enumerable.Range(0, 40).Select(_ => _client.CallAsync("iam", "CreateInstanceProfile", ("InstanceProfileName", "race")));

            (int Status, XElement Body)[] results = await Task.WhenAll(calls);

            Assert.Equal(1, results.Count(r => r.Status == 200));
            Assert.Equal(39, results.Count(r => r.Status == 409 && SandboxClient.Value(r.Body, "Code") == "EntityAlreadyExists"));
        }

        [Fact]
        public async Task ParallelAssociatesGiveEachInstanceExactlyOneAssociation()
        {
            await _client.CallAsync("iam", "CreateRole", ("RoleName", "r"), ("AssumeRolePolicyDocument", "{}"));
            await _client.CallAsync("iam", "CreateInstanceProfile", ("InstanceProfileName", "p"));
            await _client.CallAsync("iam", "AddRoleToInstanceProfile", ("InstanceProfileName", "p"), ("RoleName", "r"));
            var (_, launched) = await _client.CallAsync("ec2", "RunInstances", ("ImageId", "ami-12345678"), ("MinCount", "10"), ("MaxCount", "10"));
            string[] instances = launched.Descendants().Where(e => e.Name.LocalName == "instanceId").Select(e => e.Value).ToArray();

            var calls = instances.SelectMany(id => Enumerable.Range(0, 5).Select(_ =>
                _client.CallAsync("ec2", "AssociateIamInstanceProfile", ("InstanceId", id), ("IamInstanceProfile.Name", "p"))));
            (int Status, XElement Body)[] results = await Task.WhenAll(calls);

            Assert.Equal(10, results.Count(r => r.Status == 200));
            Assert.Equal(40, results.Count(r => r.Status == 400 && SandboxClient.Value(r.Body, "Code") == "IncorrectState"));
            var (_, described) = await _client.CallAsync("ec2", "DescribeIamInstanceProfileAssociations");
            Assert.Equal(instances.OrderBy(i => i), described.Descendants().Where(e => e.Name.LocalName == "instanceId").Select(e => e.Value).OrderBy(i => i));
        }

        [Fact]
        public async Task SurvivesClientThatDisconnectsMidRequest()
        {
            using (var socket = new TcpClient())
            {
                await socket.ConnectAsync("127.0.0.1", _host.Url.Port);
                NetworkStream stream = socket.GetStream();
                byte[] half = Encoding.ASCII.GetBytes($"POST / HTTP/1.1\r\nHost: {_host.Url.Authority}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nAction=List");
                await stream.WriteAsync(half);
                await stream.FlushAsync();
            }

            var (status, body) = await _client.CallAsync("iam", "ListInstanceProfiles");

            Assert.Equal(200, status);
            Assert.Equal("false", SandboxClient.Value(body, "IsTruncated"));
        }

        [Fact]
        public async Task TurnsUnexpectedExceptionIntoAwsShapedServiceFailure()
        {
            _clock.Fail = true;

            var (status, body) = await _client.CallAsync("iam", "ListRoles");

            _clock.Fail = false;
            Assert.Equal(500, status);
            Assert.Equal("ErrorResponse", body.Name.LocalName);
            Assert.Equal("ServiceFailure", SandboxClient.Value(body, "Code"));
            Assert.DoesNotContain("clock broke", body.ToString());
        }

        [Fact]
        public async Task DropsConnectionsWhenToldTo()
        {
            await _client.AdminAsync(HttpMethod.Post, "settings", "{\"faults\":{\"dropConnectionRate\":1}}");

            await Assert.ThrowsAsync<HttpRequestException>(() => _client.CallAsync("ec2", "DescribeInstances"));

            await _client.AdminAsync(HttpMethod.Post, "reset");
            Assert.Equal(200, (await _client.CallAsync("ec2", "DescribeInstances")).Status);
        }

        [Fact]
        public async Task AdminEndpointReportsSettingsStatsAndTimelineAndResets()
        {
            Assert.Equal("ok", (await _client.AdminAsync(HttpMethod.Get, "health")).Body.GetProperty("status").GetString());
            var refused = await _client.AdminAsync(HttpMethod.Post, "settings", "{\"faults\":{\"latency\":5}}");
            Assert.Equal(400, refused.Status);
            Assert.Contains("faults.latency", refused.Body.GetProperty("error").GetString());

            await _client.CallAsync("iam", "CreateRole", ("RoleName", "r"), ("AssumeRolePolicyDocument", "{}"));
            await _client.CallAsync("iam", "CreateInstanceProfile", ("InstanceProfileName", "p"));
            await _client.CallAsync("iam", "AddRoleToInstanceProfile", ("InstanceProfileName", "p"), ("RoleName", "r"));
            await _client.CallAsync("ec2", "RunInstances", ("ImageId", "ami-12345678"), ("MinCount", "1"), ("MaxCount", "1"), ("IamInstanceProfile.Name", "p"));

            JsonElement stats = (await _client.AdminAsync(HttpMethod.Get, "stats")).Body;
            Assert.Equal((4, 4), (stats.GetProperty("requests").GetInt32(), stats.GetProperty("mutations").GetInt32()));
            Assert.Equal((1, 0), (stats.GetProperty("byAction").GetProperty("RunInstances").GetInt32(), stats.GetProperty("byAction").GetProperty("GetRole").GetInt32()));
            Assert.Equal("us-east-1=4", string.Join(",", stats.GetProperty("byRegion").EnumerateObject().Select(region => $"{region.Name}={region.Value.GetInt32()}")));
            JsonElement first = (await _client.AdminAsync(HttpMethod.Get, "timeline")).Body[0];
            Assert.Equal("associating", first.GetProperty("state").GetString());
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", first.GetProperty("time").GetString());
            Assert.EndsWith("instance-profile/p", first.GetProperty("effectiveInstanceProfileArn").GetString());

            await _client.AdminAsync(HttpMethod.Post, "reset");
            Assert.Equal(0, (await _client.AdminAsync(HttpMethod.Get, "timeline")).Body.GetArrayLength());
            Assert.Equal(0, (await _client.AdminAsync(HttpMethod.Get, "stats")).Body.GetProperty("requests").GetInt32());
        }

        [Fact]
        public async Task InstanceCredentialsRouteAnswersImdsShapeOr404ForUnknownInstance()
        {
            var (_, launched) = await _client.CallAsync("ec2", "RunInstances", ("ImageId", "ami-12345678"), ("MinCount", "1"), ("MaxCount", "1"));
            string instance = SandboxClient.Value(launched, "instanceId");

            var (status, view) = await _client.AdminAsync(HttpMethod.Get, $"instances/{instance}/credentials");
            var (unknownStatus, unknown) = await _client.AdminAsync(HttpMethod.Get, "instances/i-0123456789abcdef0/credentials");

            Assert.Equal((200, "NoCredentials"), (status, view.GetProperty("Code").GetString()));
            Assert.Equal(404, unknownStatus);
            Assert.Contains("i-0123456789abcdef0", unknown.GetProperty("error").GetString());
        }

        [Fact]
        public async Task StateFileKeepsStateAcrossRestarts()
        {
            string file = Path.Combine(Path.GetTempPath(), $"ipt-state-{Guid.NewGuid():N}.json");
            try
            {
                SandboxOptions options = SandboxOptions.Parse(new[] { "--port", "0", "--state", file }, _ => null);
                string instance;
                await using (SandboxHost first = await SandboxHost.StartAsync(options))
                {
                    using var client = new SandboxClient(first.Url);
                    await client.CallAsync("iam", "CreateRole", ("RoleName", "r"), ("AssumeRolePolicyDocument", "{}"));
                    await client.CallAsync("iam", "CreateInstanceProfile", ("InstanceProfileName", "Kept"));
                    await client.CallAsync("iam", "AddRoleToInstanceProfile", ("InstanceProfileName", "Kept"), ("RoleName", "r"));
                    var (_, run) = await client.CallAsync("ec2", "RunInstances", ("ImageId", "ami-12345678"), ("MinCount", "1"), ("MaxCount", "1"), ("IamInstanceProfile.Name", "Kept"));
                    instance = SandboxClient.Value(run, "instanceId");
                }

                await using SandboxHost second = await SandboxHost.StartAsync(options);
                using var again = new SandboxClient(second.Url);
                var (status, profile) = await again.CallAsync("iam", "GetInstanceProfile", ("InstanceProfileName", "kept"));
                Assert.Equal(200, status);
                Assert.Equal("r", SandboxClient.Value(profile, "RoleName"));
                var (_, associations) = await again.CallAsync("ec2", "DescribeIamInstanceProfileAssociations", ("Filter.1.Name", "instance-id"), ("Filter.1.Value.1", instance));
                Assert.Equal("associated", SandboxClient.Value(associations, "state"));
                var (_, created) = await again.CallAsync("iam", "CreateInstanceProfile", ("InstanceProfileName", "KEPT"));
                Assert.Equal("EntityAlreadyExists", SandboxClient.Value(created, "Code"));
            }
            finally
            {
                File.Delete(file);
            }
        }
    }
}
