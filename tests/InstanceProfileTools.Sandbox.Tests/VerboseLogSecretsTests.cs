using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using System.Xml.Linq;
using InstanceProfileTools.Sandbox.Hosting;
using InstanceProfileTools.Sandbox.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Sandbox.Tests
{
    /// <summary>
    /// The --verbose log never holds a secret key or session token, in plain, URL-encoded or base64 form, whether
    /// the request succeeds, fails its signature, names an unknown key or breaks the server (issue 9, point 5); nor
    /// do the secrets and tokens STS mints show in the log or in the admin endpoint's answers.
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

        [Fact]
        public async Task VerboseLogAndAdminAnswersOfStsHoldNoCanaryNorMintedSecretOrToken()
        {
            using SandboxProcess sandbox = SandboxProcess.Start("--port", "0", "--verbose", "--credentials", $"{AccessKey}:{Secret}");
            Uri url = await sandbox.ListeningAsync();
            using var http = new HttpClient();
            string trust = Uri.EscapeDataString("{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"123456789012\"}, \"Action\": \"sts:AssumeRole\"}]}");
            await Send(http, url, "iam", "Action=CreateRole&Version=2010-05-08&RoleName=r&AssumeRolePolicyDocument=" + trust, Secret);
            const string AssumeRole = "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fr&RoleSessionName=canary";
            var (assumed, answer) = await SendForAnswer(http, url, "sts", AssumeRole, Secret, tokenInHeader: true);
            XElement credentials = XElement.Parse(answer).Descendants().Single(e => e.Name.LocalName == "Credentials");
            string Minted(string name) => credentials.Elements().Single(e => e.Name.LocalName == name).Value;
            (string key, string secret, string token) = (Minted("AccessKeyId"), Minted("SecretAccessKey"), Minted("SessionToken"));

            int[] statuses =
            {
                assumed,
                await Send(http, url, "sts", "Action=GetCallerIdentity&Version=2011-06-15", secret, tokenInHeader: true, accessKey: key, token: token),
                await Send(http, url, "ec2", "Action=DescribeInstances&Version=2016-11-15", secret, tokenInQuery: true, accessKey: key, token: token),
                await Send(http, url, "sts", "Action=GetCallerIdentity&Version=2011-06-15", "the wrong secret", tokenInHeader: true, accessKey: key, token: token),
                await Send(http, url, "iam", "Action=ListRoles&Version=2010-05-08", secret, tokenInHeader: true, accessKey: key),
            };
            string sessions = await http.GetStringAsync(new Uri(url, "/_sandbox/sessions"));
            string expired = await (await http.PostAsync(new Uri(url, "/_sandbox/sessions/expire"), null)).Content.ReadAsStringAsync();
            int afterExpiry = await Send(http, url, "sts", "Action=GetCallerIdentity&Version=2011-06-15", secret, tokenInHeader: true, accessKey: key, token: token);
            await sandbox.KillAsync();

            Assert.Equal(new[] { 200, 200, 200, 403, 403 }, statuses);
            Assert.Equal(403, afterExpiry);
            Assert.Contains(key, sessions);
            Assert.Contains("AssumeRole", sandbox.Stderr);
            foreach (string answerText in new[] { sessions, expired })
            {
                AssertHoldsNoCanary(answerText, secret, token);
            }

            AssertHoldsNoCanary(sandbox.Stderr, secret, token);
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

        private static async Task<int> Send(HttpClient http, Uri url, string service, string body, string secret, bool tokenInHeader = false, bool tokenInQuery = false, string accessKey = AccessKey, string token = Token) =>
            (await SendForAnswer(http, url, service, body, secret, tokenInHeader, tokenInQuery, accessKey, token)).Status;

        /// <summary>A signed POST with the session token in the header or the query string (or neither); answers the status and body.</summary>
        private static async Task<(int Status, string Body)> SendForAnswer(HttpClient http, Uri url, string service, string body, string secret, bool tokenInHeader = false, bool tokenInQuery = false, string accessKey = AccessKey, string token = Token)
        {
            string query = tokenInQuery ? "X-Amz-Security-Token=" + Uri.EscapeDataString(token) : "";
            var target = new Uri(url, query.Length == 0 ? "/" : "/?" + query);
            using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new StringContent(body, Encoding.UTF8) };
            request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded; charset=utf-8");
            Dictionary<string, string> headers = TestSigner.SignedHeaders(
                url.Authority, body, accessKey, secret, service, DateTimeOffset.UtcNow, sessionToken: tokenInHeader ? token : null, canonicalQuery: query);
            foreach (KeyValuePair<string, string> header in headers.Where(h => h.Key is not "content-type" and not "host"))
            {
                request.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            using HttpResponseMessage response = await http.SendAsync(request);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        private static void AssertHoldsNoCanary(string log, params string[] minted)
        {
            foreach (string canary in new[] { Secret, Token }.Concat(minted))
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
