using System;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using InstanceProfileTools.Sandbox.Hosting;
using InstanceProfileTools.Sandbox.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Sandbox.Tests
{
    /// <summary>Request limits over real HTTP, on a manual clock: EC2's error document and the throttled stats.</summary>
    [Trait("Category", "Host")]
    public sealed class RequestLimitHostTests : IAsyncLifetime
    {
        private readonly ManualClock _clock = new ManualClock(DateTimeOffset.UtcNow);
        private SandboxHost _host = null!;
        private SandboxClient _client = null!;

        public async Task InitializeAsync()
        {
            string[] args =
            {
                "--port", "0", "--rate-limits", "{\"DescribeInstances\":{\"burst\":2,\"perSecond\":1}}",
                "--credentials", "AKOTHER:other:210987654321",
            };
            _host = await SandboxHost.StartAsync(SandboxOptions.Parse(args, _ => null), _clock);
            _client = new SandboxClient(_host.Url);
        }

        public async Task DisposeAsync()
        {
            _client.Dispose();
            await _host.DisposeAsync();
        }

        [Fact]
        public async Task OverTheBucketAnswersRequestLimitExceededInEc2sErrorDocument()
        {
            (string, string) filter = ("Filter.1.Name", "instance-state-name");
            await _client.CallAsync("ec2", "DescribeInstances", filter, ("Filter.1.Value.1", "running"));
            await _client.CallAsync("ec2", "DescribeInstances", filter, ("Filter.1.Value.1", "running"));

            var (status, body) = await _client.CallAsync("ec2", "DescribeInstances", filter, ("Filter.1.Value.1", "running"));

            Assert.Equal(503, status);
            Assert.Equal("Response", body.Name.LocalName);
            Assert.Equal(("RequestLimitExceeded", "Request limit exceeded."), (SandboxClient.Value(body, "Code"), SandboxClient.Value(body, "Message")));
            Assert.NotEmpty(SandboxClient.Value(body, "RequestID"));

            using var other = new SandboxClient(_host.Url, "AKOTHER", "other");
            Assert.Equal(200, (await other.CallAsync("ec2", "DescribeInstances", filter, ("Filter.1.Value.1", "running"))).Status);
            _clock.Advance(1000);
            Assert.Equal(200, (await _client.CallAsync("ec2", "DescribeInstances", filter, ("Filter.1.Value.1", "running"))).Status);
        }

        [Fact]
        public async Task StatsCountThrottledAnswersOfEveryRuleByAction()
        {
            await _client.AdminAsync(HttpMethod.Post, "settings", "{\"faults\":{\"rules\":[{\"action\":\"GetRole\",\"count\":1}]}}");
            for (int i = 0; i < 3; i++)
            {
                await _client.CallAsync("ec2", "DescribeInstances", ("Filter.1.Name", "instance-state-name"), ("Filter.1.Value.1", "running"));
            }

            await _client.CallAsync("iam", "GetRole", ("RoleName", "r"));
            await _client.CallAsync("iam", "GetRole", ("RoleName", "r"));

            JsonElement stats = (await _client.AdminAsync(HttpMethod.Get, "stats")).Body;
            Assert.Equal(5, stats.GetProperty("requests").GetInt32());
            Assert.Equal(2, stats.GetProperty("throttled").GetInt32());
            JsonElement byAction = stats.GetProperty("throttledByAction");
            Assert.Equal((1, 1, 0), (byAction.GetProperty("DescribeInstances").GetInt32(), byAction.GetProperty("GetRole").GetInt32(), byAction.GetProperty("RunInstances").GetInt32()));

            await _client.AdminAsync(HttpMethod.Post, "reset");
            Assert.Equal(0, (await _client.AdminAsync(HttpMethod.Get, "stats")).Body.GetProperty("throttled").GetInt32());
        }
    }
}
