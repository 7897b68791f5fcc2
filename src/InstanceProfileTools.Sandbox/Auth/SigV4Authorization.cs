using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace InstanceProfileTools.Sandbox.Auth
{
    /// <summary>The parts of an "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=..." header.</summary>
    public sealed class SigV4Authorization
    {
        private static readonly Regex s_signature = new Regex("^[0-9a-fA-F]{64}\\z", RegexOptions.CultureInvariant);

        private SigV4Authorization(string accessKey, string date, string region, string service, IReadOnlyList<string> signedHeaders, string signature)
        {
            AccessKey = accessKey;
            Date = date;
            Region = region;
            Service = service;
            SignedHeaders = signedHeaders;
            Signature = signature;
        }

        /// <summary>The access key id.</summary>
        public string AccessKey { get; }

        /// <summary>The scope date, yyyyMMdd.</summary>
        public string Date { get; }

        /// <summary>The scope region.</summary>
        public string Region { get; }

        /// <summary>The scope service (iam, ec2).</summary>
        public string Service { get; }

        /// <summary>The signed header names, lowercase, in the order given.</summary>
        public IReadOnlyList<string> SignedHeaders { get; }

        /// <summary>The hex signature.</summary>
        public string Signature { get; }

        /// <summary>The credential scope: date/region/service/aws4_request.</summary>
        public string Scope => $"{Date}/{Region}/{Service}/aws4_request";

        /// <summary>Parses the header; null when it is not a complete SigV4 header.</summary>
        public static SigV4Authorization? Parse(string header)
        {
            const string Prefix = "AWS4-HMAC-SHA256 ";
            if (!header.StartsWith(Prefix, StringComparison.Ordinal))
            {
                return null;
            }

            var parts = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string part in header.Substring(Prefix.Length).Split(','))
            {
                int equals = part.IndexOf('=');
                if (equals > 0)
                {
                    parts[part.Substring(0, equals).Trim()] = part.Substring(equals + 1).Trim();
                }
            }

            if (!parts.TryGetValue("Credential", out string? credential) ||
                !parts.TryGetValue("SignedHeaders", out string? signedHeaders) ||
                !parts.TryGetValue("Signature", out string? signature) ||
                !s_signature.IsMatch(signature))
            {
                return null;
            }

            string[] scope = credential.Split('/');
            if (scope.Length != 5 || scope[4] != "aws4_request" || scope.Take(4).Any(string.IsNullOrEmpty))
            {
                return null;
            }

            List<string> headerNames = signedHeaders.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(h => h.ToLowerInvariant()).ToList();
            return new SigV4Authorization(scope[0], scope[1], scope[2], scope[3], headerNames, signature);
        }
    }
}
