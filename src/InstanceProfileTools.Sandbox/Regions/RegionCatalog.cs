using System;
using System.Collections.Generic;
using System.Linq;
using InstanceProfileTools.Sandbox.Protocol;

namespace InstanceProfileTools.Sandbox.Regions
{
    /// <summary>
    /// The commercial AWS regions the sandbox knows and which of them are enabled. A new AWS account has the 17
    /// regions that need no opt-in enabled; the others answer as not opted in until enabled (--regions here). Source:
    /// a real DescribeRegions --all-regions answer (kev5655/vpn-saas REGIONS.md, 2025: 17 "opt-in-not-required", the
    /// rest "not-opted-in") and botocore's endpoints.json, which lists the same 34 regions of the aws partition.
    /// </summary>
    public sealed class RegionCatalog
    {
        /// <summary>The regions every account has, enabled and not to be disabled ("opt-in-not-required").</summary>
        public static readonly IReadOnlyList<string> EnabledByDefault = new[]
        {
            "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ap-south-1", "ap-northeast-1", "ap-northeast-2",
            "ap-northeast-3", "ap-southeast-1", "ap-southeast-2", "ca-central-1", "eu-central-1", "eu-west-1",
            "eu-west-2", "eu-west-3", "eu-north-1", "sa-east-1",
        };

        /// <summary>The regions an account must opt in to ("not-opted-in" until then, "opted-in" after).</summary>
        public static readonly IReadOnlyList<string> OptIn = new[]
        {
            "af-south-1", "ap-east-1", "ap-east-2", "ap-south-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5",
            "ap-southeast-6", "ap-southeast-7", "ca-west-1", "eu-central-2", "eu-south-1", "eu-south-2", "il-central-1",
            "me-central-1", "me-south-1", "mx-central-1",
        };

        private readonly HashSet<string> _enabled;

        /// <summary>A catalog with these regions enabled (each must be known); the default 17 when null.</summary>
        public RegionCatalog(IEnumerable<string>? enabled = null)
        {
            List<string> names = (enabled ?? EnabledByDefault).Distinct(StringComparer.Ordinal).ToList();
            string[] unknown = names.Where(n => !IsKnown(n)).ToArray();
            if (unknown.Length > 0)
            {
                throw new ArgumentException($"Unknown region(s) {string.Join(", ", unknown)}. Known: {string.Join(", ", Known)}.");
            }

            if (names.Count == 0)
            {
                throw new ArgumentException("At least one region must be enabled.");
            }

            Enabled = names;
            _enabled = new HashSet<string>(names, StringComparer.Ordinal);
        }

        /// <summary>Every region the sandbox knows, default ones first.</summary>
        public static IEnumerable<string> Known => EnabledByDefault.Concat(OptIn);

        /// <summary>The enabled regions, in the order given.</summary>
        public IReadOnlyList<string> Enabled { get; }

        /// <summary>Whether the region is known, by its exact name.</summary>
        public static bool IsKnown(string region) => EnabledByDefault.Contains(region) || OptIn.Contains(region);

        /// <summary>Whether the region is enabled; an unknown or missing name is not.</summary>
        public bool IsEnabled(string? region) => region != null && _enabled.Contains(region);

        /// <summary>
        /// Whether the service answers requests signed for the region: EC2 in enabled regions; IAM and STS there too,
        /// and always for us-east-1, the signing region of their global endpoints (botocore endpoints.json:
        /// "aws-global" with credentialScope us-east-1), which no account can disable.
        /// </summary>
        public bool Serves(ServiceKind service, string? region) =>
            IsEnabled(region) || (service != ServiceKind.Ec2 && region == GlobalSigningRegion);

        /// <summary>The region IAM's and STS's global endpoints sign for.</summary>
        public const string GlobalSigningRegion = "us-east-1";

        /// <summary>
        /// EC2's optInStatus: opt-in-not-required for a default region, opted-in for an enabled opt-in region,
        /// not-opted-in otherwise (a default region left out of --regions too, which real AWS cannot do).
        /// </summary>
        public string OptInStatus(string region) =>
            !IsEnabled(region) ? "not-opted-in" : EnabledByDefault.Contains(region) ? "opt-in-not-required" : "opted-in";

        /// <summary>The region's EC2 endpoint host, as DescribeRegions names it.</summary>
        public static string Ec2Endpoint(string region) => $"ec2.{region}.amazonaws.com";
    }
}
