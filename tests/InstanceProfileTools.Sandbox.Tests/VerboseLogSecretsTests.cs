using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using InstanceProfileTools.Sandbox.Hosting;
using InstanceProfileTools.Sandbox.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Sandbox.Tests
{
    /// <summary>
    /// The --verbose log never holds a secret key or session token, in plain, URL-encoded or base64 form, whether
    /// the request succeeds, fails its signature, names an unknown key or breaks the server (issue 9, point 5).
    /// </summary>
    [Trait("Category", "Host")]
    public sealed class VerboseLogSecretsTests
    {
        private const string AccessKey = "AKIDCANARYLOGTEST";
        private const string Secret = "canary/Secret+Key=9LEAKa";
        private const string Token = "IQoJb3JpZ2luX2VjE/canary+Session=Token//LEAKb";

        [Fact]
        public async Task VerboseLogOfTheExecutableHoldsNoSecretOrToken()
        {
            using SandboxProcess sandbox = SandboxProcess.Start("--port", "0", "--verbose", "--credentials", $"{AccessKey}:{Secret}");
            Uri url = await sandbox.ListeningAsync();

            int[] statuses = await SendAll(url);
            await sandbox.KillAsync();

            Assert.Equal(new[] { 200, 200, 200, 401, 403, 403 }, statuses);

            string log = sandbox.Stderr;
            Assert.Contains("DescribeInstances", log);
            Assert.Contains("ListRoles", log);
            AssertHoldsNoCanary(log);
        }

        [Fact]
        public async Task VerboseLogOfAnUnexpectedFailureHoldsNoSecretOrToken()
        {
            var clock = new ThrowingClock();
            using var log = new StringWriter();
            SandboxOptions options = SandboxOptions.Parse(new[] { "--port", "0", "--verbose", "--credentials", $"{AccessKey}:{Secret}" }, _ => null);
            await using (SandboxHost host = await SandboxHost.StartAsync(options, clock, verboseLog: TextWriter.Synchronized(log)))
            {
                clock.Fail = true;
                Assert.All(await SendAll(host.Url), status => Assert.Equal(500, status));
            }

            Assert.Contains("Unexpected failure in DescribeInstances", log.ToString());
            AssertHoldsNoCanary(log.ToString());
        }

        /// <summary>Sends the canaries every way a client can; answers the HTTP statuses.</summary>
        private static async Task<int[]> SendAll(Uri url)
        {
            using var http = new HttpClient();
            string describe = "Action=DescribeInstances&Version=2016-11-15";
            string listRoles = "Action=ListRoles&Version=2010-05-08";
            var statuses = new[]
            {
                await Send(http, url, "ec2", describe, Secret, tokenInHeader: true),
                await Send(http, url, "iam", listRoles, Secret, tokenInQuery: true),
                await Send(http, url, "ec2", describe + "&X-Amz-Security-Token=" + Uri.EscapeDataString(Token), Secret),
                await Send(http, url, "ec2", describe, "the wrong secret", tokenInHeader: true),
                // IAM's answer echoes the canonical request, token included, as AWS's does: the log still must not.
                await Send(http, url, "iam", listRoles, "the wrong secret", tokenInHeader: true),
                await Send(http, url, "iam", listRoles, Secret, tokenInHeader: true, accessKey: "AKIDUNKNOWN"),
            };
            return statuses;
        }

        private static async Task<int> Send(HttpClient http, Uri url, string service, string body, string secret, bool tokenInHeader = false, bool tokenInQuery = false, string accessKey = AccessKey)
        {
            string query = tokenInQuery ? "X-Amz-Security-Token=" + Uri.EscapeDataString(Token) : "";
            var target = new Uri(url, query.Length == 0 ? "/" : "/?" + query);
            using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new StringContent(body, Encoding.UTF8) };
            request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded; charset=utf-8");
            Dictionary<string, string> headers = TestSigner.SignedHeaders(
                url.Authority, body, accessKey, secret, service, DateTimeOffset.UtcNow, sessionToken: tokenInHeader ? Token : null, canonicalQuery: query);
            foreach (KeyValuePair<string, string> header in headers.Where(h => h.Key is not "content-type" and not "host"))
            {
                request.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            using HttpResponseMessage response = await http.SendAsync(request);
            return (int)response.StatusCode;
        }

        private static void AssertHoldsNoCanary(string log)
        {
            foreach (string canary in new[] { Secret, Token })
            {
                foreach (string form in new[]
                {
                    canary, Uri.EscapeDataString(canary), WebUtility.UrlEncode(canary), Convert.ToBase64String(Encoding.UTF8.GetBytes(canary)),
                    canary.Substring(0, 16),
                })
                {
                    Assert.DoesNotContain(form, log, StringComparison.OrdinalIgnoreCase);
                }
            }
        }
    }
}
