using System;
using System.IO;
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
    /// Issue 18.7: the admin endpoint refuses pages of other sites (403) and POST bodies not declared JSON (415);
    /// every endpoint caps the body at 1 MiB (413).
    /// </summary>
    [Trait("Category", "Admin")]
    public sealed class AdminHardeningTests : IAsyncLifetime
    {
        private SandboxHost _host = null!;
        private SandboxClient _client = null!;
        private readonly HttpClient _http = new HttpClient();

        public async Task InitializeAsync()
        {
            _host = await SandboxHost.StartAsync(SandboxOptions.Parse(new[] { "--port", "0" }, _ => null));
            _client = new SandboxClient(_host.Url);
        }

        public async Task DisposeAsync()
        {
            _http.Dispose();
            _client.Dispose();
            await _host.DisposeAsync();
        }

        [Theory]
        [InlineData("https://evil.example")]
        [InlineData("http://127.0.0.1.evil.example:8080")]
        [InlineData("null")]
        public async Task ARequestFromAPageOfAnotherSiteIsRefusedAndChangesNothing(string origin)
        {
            await _client.CallAsync("iam", "CreateRole", ("RoleName", "kept"), ("AssumeRolePolicyDocument", "{}"));

            HttpStatusCode reset = await SendAsync(HttpMethod.Post, "reset", origin: origin);
            HttpStatusCode stats = await SendAsync(HttpMethod.Get, "stats", origin: origin);

            Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (reset, stats));
            Assert.Equal(200, (await _client.CallAsync("iam", "GetRole", ("RoleName", "kept"))).Status);
        }

        [Theory]
        [InlineData("http://localhost:3000")]
        [InlineData("http://127.0.0.1:8080")]
        [InlineData("http://[::1]:9000")]
        public async Task ARequestFromALoopbackPageIsServed(string origin)
        {
            Assert.Equal(HttpStatusCode.OK, await SendAsync(HttpMethod.Get, "stats", origin: origin));
        }

        [Theory]
        [InlineData("text/plain")]
        [InlineData("application/x-www-form-urlencoded")]
        [InlineData("multipart/form-data; boundary=x")]
        public async Task APostWhoseBodyIsNotJsonIsUnsupportedMediaTypeAndChangesNothing(string contentType)
        {
            HttpStatusCode status = await SendAsync(HttpMethod.Post, "settings", "{\"faults\":{\"latencyMs\":7}}", contentType);

            Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
            Assert.Equal(0, (await _client.AdminAsync(HttpMethod.Get, "settings")).Body.GetProperty("faults").GetProperty("latencyMs").GetInt32());
        }

        [Fact]
        public async Task APostOfJsonWithACharsetOrWithoutAnyBodyIsServed()
        {
            Assert.Equal(HttpStatusCode.OK, await SendAsync(HttpMethod.Post, "settings", "{\"faults\":{\"latencyMs\":0}}", "application/json; charset=utf-8"));
            Assert.Equal(HttpStatusCode.OK, await SendAsync(HttpMethod.Post, "reset"));
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, await SendAsync(HttpMethod.Post, "reset", "{}", contentType: null));
        }

        [Fact]
        public async Task AnAdminBodyOverOneMebibyteIsTooLarge()
        {
            string big = "{\"faults\":{\"rules\":[]}, \"pad\": \"" + new string('x', RequestBody.MaxBytes) + "\"}";

            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, await SendAsync(HttpMethod.Post, "settings", big, "application/json"));
        }

        [Theory]
        [InlineData("iam", "ErrorResponse", true)]
        [InlineData("ec2", "Response", true)]
        [InlineData("sts", "ErrorResponse", false)]
        public async Task AnAwsBodyOverOneMebibyteIsTooLargeInTheServicesErrorDocument(string service, string root, bool declaredLength)
        {
            string body = "Action=ListRoles&Padding=" + new string('x', RequestBody.MaxBytes);
            using var request = new HttpRequestMessage(HttpMethod.Post, _host.Url)
            {
                Content = declaredLength ? new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded") : new ChunkedContent(body),
            };
            request.Headers.TryAddWithoutValidation("Authorization", $"AWS4-HMAC-SHA256 Credential=test/20261126/us-east-1/{service}/aws4_request, SignedHeaders=host, Signature={new string('0', 64)}");

            using HttpResponseMessage response = await _http.SendAsync(request);
            XElement answer = XElement.Parse(await response.Content.ReadAsStringAsync());

            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Equal((root, "RequestEntityTooLarge"), (answer.Name.LocalName, SandboxClient.Value(answer, "Code")));
            Assert.Equal(200, (await _client.CallAsync("iam", "ListRoles")).Status);
        }

        private async Task<HttpStatusCode> SendAsync(HttpMethod method, string route, string? body = null, string? contentType = "application/json", string? origin = null)
        {
            using var request = new HttpRequestMessage(method, new Uri(_host.Url, "/_sandbox/" + route));
            if (body != null)
            {
                request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
                if (contentType != null)
                {
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
                }
            }

            if (origin != null)
            {
                request.Headers.TryAddWithoutValidation("Origin", origin);
            }

            using HttpResponseMessage response = await _http.SendAsync(request);
            // Every answer, a refusal too, is JSON.
            using JsonDocument answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return response.StatusCode;
        }

        /// <summary>A body of unknown length, which HttpClient sends chunked: the cap must hold without a Content-Length.</summary>
        private sealed class ChunkedContent : HttpContent
        {
            private readonly byte[] _bytes;

            public ChunkedContent(string text)
            {
                _bytes = Encoding.UTF8.GetBytes(text);
            }

            protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_bytes, 0, _bytes.Length);

            protected override bool TryComputeLength(out long length)
            {
                length = 0;
                return false;
            }
        }
    }
}
