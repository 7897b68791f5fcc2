using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;
using InstanceProfileTools.Sandbox.Protocol;
using InstanceProfileTools.Sandbox.Regions;

namespace InstanceProfileTools.Sandbox.Ec2
{
    /// <summary>DescribeRegions: which regions the account may use, in EC2's regionInfo shape (botocore's ec2 model).</summary>
    public sealed partial class Ec2Service
    {
        private IEnumerable<XElement> DescribeRegions(AwsRequest request)
        {
            List<string> named = request.GetList("RegionName");
            string[] unknown = named.Where(n => !RegionCatalog.IsKnown(n)).ToArray();
            if (unknown.Length > 0)
            {
                // As EC2 words it: "InvalidParameterValue: Invalid region: [us--east-1]" (awslabs/amazon-s3-tar-tool#7).
                throw Ec2Errors.InvalidValue($"Invalid region: [{string.Join(", ", unknown)}]");
            }

            Dictionary<string, HashSet<string>> filters = Filters(request, "endpoint", "opt-in-status", "region-name");
            bool all = string.Equals(request.Get("AllRegions"), "true", StringComparison.OrdinalIgnoreCase);
            RegionCatalog catalog = _store.Regions;

            // Named regions are listed whether enabled or not; otherwise the enabled ones, or with AllRegions every one.
            IEnumerable<string> chosen = named.Count > 0 ? named.Distinct() : all ? RegionCatalog.Known : catalog.Enabled;
            IEnumerable<XElement> regions = chosen
                .Select(name => (Name: name, Endpoint: RegionCatalog.Ec2Endpoint(name), Status: catalog.OptInStatus(name)))
                .Where(r => PassesLike(filters, "region-name", r.Name) && PassesLike(filters, "endpoint", r.Endpoint) && PassesLike(filters, "opt-in-status", r.Status))
                .OrderBy(r => r.Name, StringComparer.Ordinal)
                .Select(r => Ec2Xml.E("region", Ec2Xml.E("regionName", r.Name), Ec2Xml.E("regionEndpoint", r.Endpoint), Ec2Xml.E("optInStatus", r.Status)));
            yield return Ec2Xml.Items("regionInfo", regions);
        }

        /// <summary>Whether a value matches one of the filter's values, which may hold EC2's * and ? wildcards; no value matches none.</summary>
        private static bool PassesLike(Dictionary<string, HashSet<string>> filters, string name, string? value) =>
            !filters.TryGetValue(name, out HashSet<string>? patterns) || (value != null && patterns.Any(p => Wildcard.Matches(p, value)));
    }
}
