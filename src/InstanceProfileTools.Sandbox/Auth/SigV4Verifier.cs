using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace InstanceProfileTools.Sandbox.Auth
{
    /// <summary>
    /// Verifies AWS Signature Version 4 (Authorization header form): rebuilds the canonical request from what
    /// arrived, derives the signing key from the configured secret and compares signatures in constant time.
    /// </summary>
    public sealed class SigV4Verifier
    {
        private const string Algorithm = "AWS4-HMAC-SHA256";
        private static readonly TimeSpan s_allowedSkew = TimeSpan.FromMinutes(15);

        private readonly Func<string, string?> _secretOf;

        /// <summary>Creates a verifier for these access key → secret pairs.</summary>
        public SigV4Verifier(IReadOnlyDictionary<string, string> secretsByAccessKey)
            : this(secretsByAccessKey.GetValueOrDefault)
        {
        }

        /// <summary>Creates a verifier that asks <paramref name="secretOf"/> for a key's secret (null: unknown key).</summary>
        public SigV4Verifier(Func<string, string?> secretOf)
        {
            _secretOf = secretOf;
        }

        /// <summary>Checks one request. Header names are matched without case; <paramref name="rawQuery"/> excludes '?'.</summary>
        public SigV4Result Verify(
            string method,
            string rawPath,
            string rawQuery,
            IReadOnlyDictionary<string, string> headers,
            byte[] body,
            DateTimeOffset now)
        {
            if (!headers.TryGetValue("authorization", out string? authorization) || string.IsNullOrWhiteSpace(authorization))
            {
                return new SigV4Result(SigV4Outcome.Missing, null);
            }

            SigV4Authorization? parsed = SigV4Authorization.Parse(authorization);
            if (parsed == null)
            {
                return new SigV4Result(SigV4Outcome.Incomplete, null, "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters with the AWS4-HMAC-SHA256 algorithm.");
            }

            if (_secretOf(parsed.AccessKey) is not string secret)
            {
                return new SigV4Result(SigV4Outcome.UnknownKey, parsed.Service);
            }

            if (!headers.TryGetValue("x-amz-date", out string? amzDate) ||
                !DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset signedAt))
            {
                return new SigV4Result(SigV4Outcome.Incomplete, parsed.Service, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
            }

            if (!amzDate.StartsWith(parsed.Date, StringComparison.Ordinal))
            {
                return new SigV4Result(SigV4Outcome.BadSignature, parsed.Service);
            }

            if ((now - signedAt).Duration() > s_allowedSkew)
            {
                return new SigV4Result(SigV4Outcome.Expired, parsed.Service, $"Signature expired: {amzDate} is now earlier than {(now - s_allowedSkew).UtcDateTime:yyyyMMdd'T'HHmmss'Z'} ({now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'} - 15 min.)");
            }

            string bodyHash = Hex(SHA256.HashData(body));
            string payloadHash = bodyHash;
            if (headers.TryGetValue("x-amz-content-sha256", out string? declaredHash))
            {
                if (declaredHash != "UNSIGNED-PAYLOAD" && !string.Equals(declaredHash, bodyHash, StringComparison.OrdinalIgnoreCase))
                {
                    return new SigV4Result(SigV4Outcome.PayloadHashMismatch, parsed.Service);
                }

                payloadHash = declaredHash;
            }

            if (!parsed.SignedHeaders.Contains("host") || parsed.SignedHeaders.Any(h => !headers.ContainsKey(h)))
            {
                return new SigV4Result(SigV4Outcome.BadSignature, parsed.Service);
            }

            string canonicalRequest = string.Join(
                "\n",
                method,
                string.IsNullOrEmpty(rawPath) ? "/" : rawPath,
                CanonicalQuery(rawQuery),
                string.Concat(parsed.SignedHeaders.Select(h => h + ":" + CanonicalHeaderValue(headers[h]) + "\n")),
                string.Join(";", parsed.SignedHeaders),
                payloadHash);
            string stringToSign = string.Join("\n", Algorithm, amzDate, parsed.Scope, Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));
            byte[] key = SigningKey(secret, parsed.Date, parsed.Region, parsed.Service);
            byte[] expected = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign));
            byte[] given = Convert.FromHexString(parsed.Signature);
            return CryptographicOperations.FixedTimeEquals(expected, given)
                ? new SigV4Result(SigV4Outcome.Valid, parsed.Service) { AccessKey = parsed.AccessKey, Region = parsed.Region }
                : new SigV4Result(SigV4Outcome.BadSignature, parsed.Service) { CanonicalRequest = canonicalRequest, StringToSign = stringToSign };
        }

        /// <summary>The SigV4 signing key for a date, region and service.</summary>
        public static byte[] SigningKey(string secret, string date, string region, string service)
        {
            byte[] key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secret), Encoding.UTF8.GetBytes(date));
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
            return HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("aws4_request"));
        }

        /// <summary>The canonical query string: pairs decoded, re-encoded per RFC 3986, sorted by name then value.</summary>
        public static string CanonicalQuery(string rawQuery)
        {
            if (string.IsNullOrEmpty(rawQuery))
            {
                return "";
            }

            IEnumerable<(string Name, string Value)> pairs = rawQuery
                .Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Select(pair =>
                {
                    int equals = pair.IndexOf('=');
                    string name = equals < 0 ? pair : pair.Substring(0, equals);
                    string value = equals < 0 ? "" : pair.Substring(equals + 1);
                    return (Encode(Uri.UnescapeDataString(name)), Encode(Uri.UnescapeDataString(value)));
                });
            return string.Join("&", pairs
                .OrderBy(p => p.Name, StringComparer.Ordinal)
                .ThenBy(p => p.Value, StringComparer.Ordinal)
                .Select(p => p.Name + "=" + p.Value));
        }

        /// <summary>RFC 3986 encoding: unreserved characters kept, all else %XX with uppercase hex.</summary>
        public static string Encode(string value)
        {
            var builder = new StringBuilder();
            foreach (byte b in Encoding.UTF8.GetBytes(value))
            {
                char c = (char)b;
                bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~';
                builder.Append(unreserved ? c.ToString() : "%" + b.ToString("X2", CultureInfo.InvariantCulture));
            }

            return builder.ToString();
        }

        private static string CanonicalHeaderValue(string value) =>
            string.Join(" ", value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries));

        private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
    }
}
