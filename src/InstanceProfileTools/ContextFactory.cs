using System;
using InstanceProfileTools.Core;
using InstanceProfileTools.Core.Connection;
using InstanceProfileTools.Core.Operations;

namespace InstanceProfileTools
{
    /// <summary>Builds Core's operation context over AWS from the cmdlet's connection options.</summary>
    internal static class ContextFactory
    {
        /// <summary>The context, and in <paramref name="clients"/> what must be disposed with it.</summary>
        public static OperationContext Create(AwsConnectionOptions options, IOperationLog log, double? maxMutatingRate, out IDisposable clients)
        {
            AwsClients aws = AwsClientFactory.Create(options, log, maxMutatingRate: maxMutatingRate);
            clients = aws;
            return new OperationContext(aws.Iam, aws.Ec2, SystemClock.Instance, log, WaitSettings.FromEnvironment(), aws.Region);
        }
    }
}
