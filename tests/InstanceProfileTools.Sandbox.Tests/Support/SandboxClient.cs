using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using System.Xml.Linq;

namespace InstanceProfileTools.Sandbox.Tests.Support
{
    /// <summary>
    /// Talks to a running sandbox over HTTP: signed AWS calls and admin requests. Calls are signed for
    /// <paramref name="region"/> at the time <paramref name="clock"/> tells (the real one by default: a test that moves
    /// the sandbox's manual clock passes it, so the signature stays within the allowed skew), with the session token
    /// as X-Amz-Security-Token when one is given.
    /// </summary>
    internal sealed class SandboxClient : IDisposable
    {
        private readonly HttpClient _http = new HttpClient();
        private readonly Uri _url;
        private readonly string _accessKey;
        private readonly string _secretKey;
        private readonly string _region;
        private readonly string? _sessionToken;
        private readonly Func<DateTimeOffset> _clock;

        public SandboxClient(Uri url, string accessKey = "test", string secretKey = "test", string region = "us-east-1", string? sessionToken = null, Func<DateTimeOffset>? clock = null)
        {
            _url = url;
            _accessKey = accessKey;
            _secretKey = secretKey;
            _region = region;
            _sessionToken = sessionToken;
            _clock = clock ?? (() => DateTimeOffset.UtcNow);
        }

        public string AccessKey => _accessKey;

        public string SecretKey => _secretKey;

        public string? SessionToken => _sessionToken;

        public Task<(int Status, XElement Body)> CallAsync(string service, string action, params (string Name, string Value)[] parameters) =>
            CallWithVersionAsync(service, ApiVersion(service), action, parameters);

        /// <summary>A client of the same sandbox with other credentials or region (the clock is kept).</summary>
        public SandboxClient With(string accessKey, string secretKey, string? sessionToken = null, string? region = null) =>
            new SandboxClient(_url, accessKey, secretKey, region ?? _region, sessionToken, _clock);

        private static string ApiVersion(string service) => service switch
        {
            "iam" => "2010-05-08",
            "sts" => "2011-06-15",
            _ => "2016-11-15",
        };

        /// <summary>A signed call naming <paramref name="version"/> as its API version, or none when null.</summary>
        public async Task<(int Status, XElement Body)> CallWithVersionAsync(string service, string? version, string action, params (string Name, string Value)[] parameters)
        {
            IEnumerable<(string, string)> fields = version == null ? parameters : parameters.Prepend(("Version", version));
            string body = string.Join("&", fields.Prepend(("Action", action))
                .Select(p => Uri.EscapeDataString(p.Item1) + "=" + Uri.EscapeDataString(p.Item2)));
            using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = new StringContent(body, Encoding.UTF8) };
            request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded; charset=utf-8");
            foreach (KeyValuePair<string, string> header in TestSigner.SignedHeaders(_url.Authority, body, _accessKey, _secretKey, service, _clock(), sessionToken: _sessionToken, region: _region))
            {
                if (header.Key is not "content-type" and not "host")
                {
                    request.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }

            using HttpResponseMessage response = await _http.SendAsync(request);
            return ((int)response.StatusCode, XElement.Parse(await response.Content.ReadAsStringAsync()));
        }

        public async Task<(int Status, JsonElement Body)> AdminAsync(HttpMethod method, string route, string? json = null)
        {
            using var request = new HttpRequestMessage(method, new Uri(_url, "/_sandbox/" + route));
            if (json != null)
            {
                request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            }

            using HttpResponseMessage response = await _http.SendAsync(request);
            using JsonDocument document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return ((int)response.StatusCode, document.RootElement.Clone());
        }

        public static string Value(XElement document, string localName) =>
            document.Descendants().First(e => e.Name.LocalName == localName).Value;

        public void Dispose() => _http.Dispose();
    }
}
