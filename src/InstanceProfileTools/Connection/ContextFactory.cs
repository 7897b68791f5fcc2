using System;
using InstanceProfileTools.Core;
using InstanceProfileTools.Core.Connection;
using InstanceProfileTools.Core.Operations;
using InstanceProfileTools.Core.Retry;

namespace InstanceProfileTools.Connection
{
    /// <summary>Builds Core's operation contexts over AWS from the cmdlet's connection options.</summary>
    internal static class ContextFactory
    {
        /// <summary>The context in the configured region, and in <paramref name="clients"/> what must be disposed with it.</summary>
        public static OperationContext Create(AwsConnectionOptions options, IOperationLog log, double? maxMutatingRate, out IDisposable clients)
        {
            AwsClients aws = Open(options, log, maxMutatingRate);
            clients = aws;
            return In(aws, null, log);
        }

        /// <summary>One account's connection: IAM, and EC2 in each region with its own client and pacer.</summary>
        public static AwsClients Open(AwsConnectionOptions options, IOperationLog log, double? maxMutatingRate) =>
            // One source of waits for the whole context: EC2's retries back off as its polls and propagation retries do.
            AwsClientFactory.Create(options, log, maxMutatingRate: maxMutatingRate, ec2Backoff: WaitSettings.FromEnvironment().NewBackoff());

        /// <summary>The context in <paramref name="region"/> of the account; the configured region when null.</summary>
        public static OperationContext In(AwsClients aws, string? region, IOperationLog log) =>
            new(aws.Iam, region is null ? aws.Ec2 : aws.Regions.In(region), SystemClock.Instance, log, WaitSettings.FromEnvironment(), region ?? aws.Region)
            {
                Regions = aws.Regions,
            };
    }
}
