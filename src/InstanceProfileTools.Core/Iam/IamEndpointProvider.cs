using System;
using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal.Endpoints.StandardLibrary;

namespace InstanceProfileTools.Core.Iam
{
    /// <summary>
    /// IAM's endpoint rules: IAM is a global service with one endpoint per partition, signed for that partition's
    /// home region; an explicit endpoint (such as the sandbox) is signed for the configured region.
    /// </summary>
    public sealed class IamEndpointProvider : IEndpointProvider
    {
        /// <summary>The signing region of an explicit endpoint when no region is configured.</summary>
        public const string DefaultSigningRegion = "us-east-1";

        public Endpoint ResolveEndpoint(EndpointParameters parameters)
        {
            if (parameters is null)
            {
                throw new ArgumentNullException(nameof(parameters));
            }

            string? region = parameters["Region"] as string;
            string? explicitEndpoint = parameters["Endpoint"] as string;
            if (!string.IsNullOrEmpty(explicitEndpoint))
            {
                return Signed(explicitEndpoint!, string.IsNullOrEmpty(region) ? DefaultSigningRegion : region!);
            }

            if (string.IsNullOrEmpty(region))
            {
                throw new AmazonClientException("IAM needs a region (to choose its partition) or an explicit endpoint.");
            }

            IamGlobalEndpoint global = GlobalEndpointFor(region!);
            return Signed(global.Url, global.SigningRegion);
        }

        /// <summary>The global IAM endpoint of the partition the region belongs to.</summary>
        public static IamGlobalEndpoint GlobalEndpointFor(string region)
        {
            Partition partition = Fn.Partition(region);
            return partition.name switch
            {
                "aws" => new IamGlobalEndpoint("aws", "https://iam.amazonaws.com", "us-east-1"),
                "aws-cn" => new IamGlobalEndpoint("aws-cn", "https://iam.cn-north-1.amazonaws.com.cn", "cn-north-1"),
                "aws-us-gov" => new IamGlobalEndpoint("aws-us-gov", "https://iam.us-gov.amazonaws.com", "us-gov-west-1"),
                "aws-iso" => new IamGlobalEndpoint("aws-iso", "https://iam.us-iso-east-1.c2s.ic.gov", "us-iso-east-1"),
                "aws-iso-b" => new IamGlobalEndpoint("aws-iso-b", "https://iam.us-isob-east-1.sc2s.sgov.gov", "us-isob-east-1"),

                // Newer partitions: the regional form their endpoint rules use.
                _ => new IamGlobalEndpoint(partition.name, $"https://iam.{region}.{partition.dnsSuffix}", region),
            };
        }

        private static Endpoint Signed(string url, string signingRegion)
        {
            string attributes = "{\"authSchemes\":[{\"name\":\"sigv4\",\"signingName\":\"iam\",\"signingRegion\":\"" + signingRegion + "\"}]}";
            return new Endpoint(url, attributes, null);
        }
    }
}
