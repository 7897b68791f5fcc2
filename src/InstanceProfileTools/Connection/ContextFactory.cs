using System;
using InstanceProfileTools;
using InstanceProfileTools.Core;
using InstanceProfileTools.Core.Connection;
using InstanceProfileTools.Core.Operations;
using InstanceProfileTools.Core.Retry;

namespace InstanceProfileTools.Connection
{
    /// <summary>Builds Core's operation context over AWS from the cmdlet's connection options.</summary>
    internal static class ContextFactory
    {
        /// <summary>The context, and in <paramref name="clients"/> what must be disposed with it.</summary>
        public static OperationContext Create(AwsConnectionOptions options, IOperationLog log, double? maxMutatingRate, out IDisposable clients)
        {
            // One source of waits for the whole context: EC2's retries back off as its polls and propagation retries do.
            WaitSettings waits = WaitSettings.FromEnvironment();
            AwsClients aws = AwsClientFactory.Create(options, log, maxMutatingRate: maxMutatingRate, ec2Backoff: waits.NewBackoff());
            clients = aws;
            return new OperationContext(aws.Iam, aws.Ec2, SystemClock.Instance, log, waits, aws.Region) { Regions = aws.Regions };
        }
    }
}
