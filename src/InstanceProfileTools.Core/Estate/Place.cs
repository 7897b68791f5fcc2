using System;
using InstanceProfileTools.Core.Operations;

namespace InstanceProfileTools.Core.Estate
{
    /// <summary>
    /// One account and region of the estate: IAM is the account's (global), EC2 the region's, with its own client and
    /// its own pacer, since EC2 keeps instances, associations and request buckets per account and region (EVIDENCE
    /// rows 22 and 30).
    /// </summary>
    public sealed class Place
    {
        public Place(string accountId, string? region, OperationContext context, string? awsProfile = null)
        {
            AccountId = accountId ?? throw new ArgumentNullException(nameof(accountId));
            Region = region;
            Context = context ?? throw new ArgumentNullException(nameof(context));
            AwsProfile = awsProfile;
        }

        public string AccountId { get; }

        /// <summary>The region; null when none was configured and EC2 found its own (instance metadata).</summary>
        public string? Region { get; }

        /// <summary>The operations' context in this account and region.</summary>
        public OperationContext Context { get; }

        /// <summary>The credential profile that reaches the account, when one was named.</summary>
        public string? AwsProfile { get; }

        /// <summary><c>123456789012/eu-west-1</c>, as messages name a place.</summary>
        public override string ToString() => $"{AccountId}/{Region ?? RegionalEc2.ConfiguredRegion}";
    }
}
