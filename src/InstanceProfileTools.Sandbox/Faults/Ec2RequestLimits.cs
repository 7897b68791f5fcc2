using System;
using System.Collections.Generic;
using System.Linq;
using InstanceProfileTools.Sandbox.Protocol;
using InstanceProfileTools.Sandbox.Settings;

namespace InstanceProfileTools.Sandbox.Faults
{
    /// <summary>
    /// AWS's documented EC2 request limits (EVIDENCE rows 22 and 31, "Request throttling for the Amazon EC2 API"):
    /// which bucket a request draws from and how big that bucket is. An action the table leaves out has the
    /// non-mutating bucket (Describe*) or the mutating one.
    /// </summary>
    public static class Ec2RequestLimits
    {
        /// <summary>The bucket of DescribeInstances calls without filters, ids or paging, which AWS limits harder.</summary>
        public const string UnfilteredDescribeInstances = "DescribeInstances.Unfiltered";

        private static readonly ActionRateLimit s_nonMutating = new ActionRateLimit(100, 20);
        private static readonly ActionRateLimit s_mutating = new ActionRateLimit(50, 5);

        private static readonly Dictionary<string, ActionRateLimit> s_aws = new Dictionary<string, ActionRateLimit>(StringComparer.Ordinal)
        {
            ["DescribeIamInstanceProfileAssociations"] = s_nonMutating,
            ["DescribeInstances"] = s_nonMutating,
            [UnfilteredDescribeInstances] = new ActionRateLimit(50, 10),
            ["AssociateIamInstanceProfile"] = new ActionRateLimit(100, 5),
            ["DisassociateIamInstanceProfile"] = new ActionRateLimit(100, 5),
            ["ReplaceIamInstanceProfileAssociation"] = s_mutating,
            ["RunInstances"] = s_mutating,
            ["StartInstances"] = s_mutating,
            ["StopInstances"] = s_mutating,
            ["TerminateInstances"] = s_mutating,

            // EVIDENCE row 31: a template change and a tag have buckets of their own.
            ["CreateLaunchTemplateVersion"] = new ActionRateLimit(100, 5),
            ["ModifyLaunchTemplate"] = new ActionRateLimit(100, 5),
            ["CreateTags"] = new ActionRateLimit(100, 10),
        };

        /// <summary>The bucket names a rateLimits object may override.</summary>
        public static IReadOnlyCollection<string> BucketNames => s_aws.Keys;

        /// <summary>The bucket an EC2 request draws from: its action, or the unfiltered DescribeInstances one.</summary>
        public static string BucketOf(AwsRequest request)
        {
            bool unfiltered = request.Action == "DescribeInstances" && !request.HasAny("Filter.") &&
                !request.HasAny("InstanceId.") && request.Get("MaxResults") == null && request.Get("NextToken") == null;
            return unfiltered ? UnfilteredDescribeInstances : request.Action;
        }

        /// <summary>The size and refill of a bucket under these settings (the aws table, overridden member by member).</summary>
        public static (int Burst, double PerSecond) LimitOf(string bucket, RateLimitSettings settings)
        {
            ActionRateLimit table = s_aws.GetValueOrDefault(bucket) ??
                (bucket.StartsWith("Describe", StringComparison.Ordinal) ? s_nonMutating : s_mutating);
            ActionRateLimit? custom = settings.Overrides.GetValueOrDefault(bucket);
            return (custom?.Burst ?? table.Burst!.Value, custom?.PerSecond ?? table.PerSecond!.Value);
        }

        /// <summary>What is wrong with a rateLimits object, one line per problem.</summary>
        public static IEnumerable<string> Problems(RateLimitSettings settings)
        {
            foreach (var (name, limit) in settings.Overrides)
            {
                if (!s_aws.ContainsKey(name))
                {
                    yield return $"faults.rateLimits.{name} is not an EC2 action the sandbox limits ({string.Join(", ", s_aws.Keys.Order(StringComparer.Ordinal))})";
                    continue;
                }

                if (limit.Burst is int burst && burst < 1)
                {
                    yield return $"faults.rateLimits.{name}.burst must be 1 or more";
                }

                if (limit.PerSecond is double rate && !(rate > 0 && !double.IsInfinity(rate)))
                {
                    yield return $"faults.rateLimits.{name}.perSecond must be more than 0";
                }
            }
        }
    }
}
