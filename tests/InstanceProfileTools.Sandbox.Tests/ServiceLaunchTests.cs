using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using System.Xml.Linq;
using InstanceProfileTools.Sandbox.Hosting;
using InstanceProfileTools.Sandbox.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Sandbox.Tests
{
    /// <summary>
    /// POST /_sandbox/instances/launch: instances an Auto Scaling group or a stack launched, with AWS's own tags
    /// (EVIDENCE row 29), in the account and region named.
    /// </summary>
    [Trait("Category", "Admin")]
    public sealed class ServiceLaunchTests : IAsyncLifetime
    {
        private const string Other = "210987654321";

        private SandboxHost _host = null!;
        private SandboxClient _client = null!;

        public async Task InitializeAsync()
        {
            _host = await SandboxHost.StartAsync(SandboxOptions.Parse(new[] { "--port", "0", "--account", Other + "=AKIDOTHER:other" }, _ => null));
            _client = new SandboxClient(_host.Url);
            await _client.CallAsync("iam", "CreateRole", ("RoleName", "web-role"), ("AssumeRolePolicyDocument", "{}"));
            await _client.CallAsync("iam", "CreateInstanceProfile", ("InstanceProfileName", "web"));
            await _client.CallAsync("iam", "AddRoleToInstanceProfile", ("InstanceProfileName", "web"), ("RoleName", "web-role"));
        }

        public async Task DisposeAsync()
        {
            _client.Dispose();
            await _host.DisposeAsync();
        }

        [Fact]
        public async Task AGroupsInstancesCarryItsNameAndTheFilterFindsThem()
        {
            var (status, body) = await _client.AdminAsync(HttpMethod.Post, "instances/launch", "{\"count\": 2, \"autoScalingGroup\": \"web-asg\", \"instanceProfileName\": \"web\"}");
            _ = await _client.CallAsync("ec2", "RunInstances", ("ImageId", "ami-12345678"), ("MinCount", "1"), ("MaxCount", "1"));

            var (_, found) = await _client.CallAsync("ec2", "DescribeInstances", ("Filter.1.Name", "tag:aws:autoscaling:groupName"), ("Filter.1.Value.1", "web-asg"));

            Assert.Equal(200, status);
            Assert.Equal(("123456789012", "us-east-1"), (body.GetProperty("account").GetString(), body.GetProperty("region").GetString()));
            string[] ids = body.GetProperty("instanceIds").EnumerateArray().Select(i => i.GetString()!).ToArray();
            Assert.Equal(2, ids.Length);
            Assert.Equal(ids.OrderBy(i => i), Values(found, "instanceId").OrderBy(i => i));
            Assert.All(Values(found, "arn"), arn => Assert.EndsWith(":instance-profile/web", arn));
        }

        [Fact]
        public async Task AStacksInstancesFromATemplateCarryTheStacksAndTheTemplatesTags()
        {
            var (_, created) = await _client.CallAsync("ec2", "CreateLaunchTemplate", ("LaunchTemplateName", "web"), ("LaunchTemplateData.ImageId", "ami-12345678"),
                ("LaunchTemplateData.IamInstanceProfile.Name", "web"));
            string template = Values(created, "launchTemplateId").Single();

            var (_, first) = await _client.AdminAsync(HttpMethod.Post, "instances/launch", "{\"launchTemplateName\": \"web\", \"version\": \"$Latest\", \"autoScalingGroup\": \"web-asg\", \"stack\": {\"name\": \"web\", \"logicalId\": \"WebGroup\"}}");
            var (_, second) = await _client.AdminAsync(HttpMethod.Post, "instances/launch", "{\"stack\": \"web\"}");
            var (_, described) = await _client.CallAsync("ec2", "DescribeInstances", ("InstanceId.1", Id(first)), ("InstanceId.2", Id(second)));

            string[] tags = Tags(described, Id(first));
            Assert.Contains("aws:cloudformation:stack-name=web", tags);
            Assert.Contains("aws:cloudformation:logical-id=WebGroup", tags);
            Assert.Contains($"aws:ec2launchtemplate:id={template}", tags);
            Assert.Contains("aws:ec2launchtemplate:version=1", tags);
            Assert.Contains("aws:autoscaling:groupName=web-asg", tags);
            string stackId = tags.Single(t => t.StartsWith("aws:cloudformation:stack-id=", StringComparison.Ordinal));
            Assert.Matches("^aws:cloudformation:stack-id=arn:aws:cloudformation:us-east-1:123456789012:stack/web/[0-9a-f-]{36}$", stackId);
            Assert.Contains(stackId, Tags(described, Id(second)));
            Assert.Contains("aws:cloudformation:logical-id=Instance", Tags(described, Id(second)));
        }

        [Fact]
        public async Task TheInstancesAreInTheAccountAndRegionNamedOnly()
        {
            var (status, body) = await _client.AdminAsync(HttpMethod.Post, "instances/launch", $"{{\"account\": \"{Other}\", \"region\": \"eu-west-1\", \"autoScalingGroup\": \"x\"}}");

            using SandboxClient other = _client.With("AKIDOTHER", "other", region: "eu-west-1");
            var (_, home) = await _client.CallAsync("ec2", "DescribeInstances");
            var (_, there) = await other.CallAsync("ec2", "DescribeInstances");

            Assert.Equal(200, status);
            Assert.Empty(Values(home, "instanceId"));
            Assert.Equal(new[] { Id(body) }, Values(there, "instanceId"));
        }

        [Fact]
        public async Task ADeniedPassRoleDoesNotStopTheServicesLaunch()
        {
            await _client.AdminAsync(HttpMethod.Post, "settings", "{\"permissions\": {\"deny\": [{\"action\": \"iam:PassRole\"}]}}");

            var (status, _) = await _client.AdminAsync(HttpMethod.Post, "instances/launch", "{\"autoScalingGroup\": \"web-asg\", \"instanceProfileName\": \"web\"}");
            var (callerStatus, refused) = await _client.CallAsync("ec2", "RunInstances", ("ImageId", "ami-12345678"), ("MinCount", "1"), ("MaxCount", "1"), ("IamInstanceProfile.Name", "web"));

            Assert.Equal((200, 403), (status, callerStatus));
            Assert.Equal("UnauthorizedOperation", Values(refused, "Code").Single());
        }

        [Theory]
        [InlineData("{\"count\": 0}", "count must be a whole number from 1 to 1000.")]
        [InlineData("{\"asg\": \"x\"}", "Unknown members: asg.")]
        [InlineData("{\"region\": \"af-south-1\"}", "The region af-south-1 is not enabled")]
        [InlineData("{\"account\": \"999999999999\"}", "The account 999999999999 has no keys in this sandbox")]
        [InlineData("{\"launchTemplateName\": \"ghost\"}", "InvalidLaunchTemplateName.NotFoundException: The specified launch template, with template name ghost, does not exist.")]
        [InlineData("[1]", "The body must be a JSON object.")]
        public async Task ABodyItCannotLaunchIsRefusedSayingWhy(string body, string error)
        {
            var (status, answer) = await _client.AdminAsync(HttpMethod.Post, "instances/launch", body);

            Assert.Equal(400, status);
            Assert.StartsWith(error, answer.GetProperty("error").GetString());
        }

        [Fact]
        public async Task ThePageOfAnotherSiteAndAFormPostAreRefused()
        {
            using var http = new HttpClient();
            using var crossSite = new HttpRequestMessage(HttpMethod.Post, new Uri(_host.Url, "/_sandbox/instances/launch")) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
            crossSite.Headers.Add("Origin", "https://evil.example");
            using var form = new HttpRequestMessage(HttpMethod.Post, new Uri(_host.Url, "/_sandbox/instances/launch")) { Content = new StringContent("count=1", Encoding.UTF8, "application/x-www-form-urlencoded") };

            Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(crossSite)).StatusCode);
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await http.SendAsync(form)).StatusCode);
            Assert.Empty(Values((await _client.CallAsync("ec2", "DescribeInstances")).Body, "instanceId"));
        }

        private static string Id(JsonElement launched) => launched.GetProperty("instanceIds")[0].GetString()!;

        private static string[] Values(XElement document, string name) =>
            document.Descendants().Where(e => e.Name.LocalName == name).Select(e => e.Value).ToArray();

        private static string[] Tags(XElement described, string instanceId) =>
            described.Descendants().Where(e => e.Name.LocalName == "instanceId" && e.Value == instanceId).Select(e => e.Parent!).Single()
                .Elements().Single(e => e.Name.LocalName == "tagSet").Elements()
                .Select(i => Values(i, "key").Single() + "=" + Values(i, "value").Single()).ToArray();
    }
}
