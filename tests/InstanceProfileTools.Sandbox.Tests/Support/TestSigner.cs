using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace InstanceProfileTools.Sandbox.Tests.Support
{
    /// <summary>
    /// A SigV4 signer written for the tests from the specification, independent of the sandbox's verifier, for
    /// form-encoded POSTs to "/" (what every AWS query-protocol client sends).
    /// </summary>
    internal static class TestSigner
    {
        /// <summary>
        /// The headers of a signed POST. <paramref name="sessionToken"/> is sent (and signed) as X-Amz-Security-Token;
        /// <paramref name="canonicalQuery"/> is the query string, already in canonical form (sorted, RFC 3986 encoded);
        /// <paramref name="region"/> goes in the credential scope.
        /// </summary>
        public static Dictionary<string, string> SignedHeaders(
            string host,
            string body,
            string accessKey,
            string secret,
            string service,
            DateTimeOffset time,
            string? scopeDate = null,
            string? sessionToken = null,
            string canonicalQuery = "",
            string region = "us-east-1")
        {
            string amzDate = time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
            string date = scopeDate ?? amzDate.Substring(0, 8);
            var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["content-type"] = "application/x-www-form-urlencoded; charset=utf-8",
                ["host"] = host,
                ["x-amz-date"] = amzDate,
            };
            if (sessionToken != null)
            {
                headers["x-amz-security-token"] = sessionToken;
            }

            string signedNames = string.Join(";", headers.Keys);
            string canonical = "POST\n/\n" + canonicalQuery + "\n" + string.Concat(headers.Select(h => h.Key + ":" + h.Value + "\n")) + "\n" + signedNames + "\n" + Sha256Hex(body);
            string scope = $"{date}/{region}/{service}/aws4_request";
            string toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + Sha256Hex(canonical);
            byte[] key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secret), date);
            key = Hmac(key, region);
            key = Hmac(key, service);
            key = Hmac(key, "aws4_request");
            string signature = Convert.ToHexString(Hmac(key, toSign)).ToLowerInvariant();
            var result = new Dictionary<string, string>(headers, StringComparer.Ordinal)
            {
                ["authorization"] = $"AWS4-HMAC-SHA256 Credential={accessKey}/{scope}, SignedHeaders={signedNames}, Signature={signature}",
            };
            return result;
        }

        private static string Sha256Hex(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();

        private static byte[] Hmac(byte[] key, string data)
        {
            using var hmac = new HMACSHA256(key);
            return hmac.ComputeHash(Encoding.UTF8.GetBytes(data));
        }
    }
}
