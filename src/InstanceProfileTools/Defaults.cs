using InstanceProfileTools.Core.Moves;
using InstanceProfileTools.Core.Retry;

namespace InstanceProfileTools
{
    /// <summary>The defaults of the wait and retry parameters, in seconds, shared by every cmdlet that has them.</summary>
    internal static class Defaults
    {
        /// <summary>How long to retry IAM's propagation errors: Core's default (two minutes, as Terraform does).</summary>
        public static readonly int PropagationTimeoutSeconds = (int)PropagationRetry.DefaultTimeout.TotalSeconds;

        /// <summary>How long -Wait waits: Core's default for a change to settle.</summary>
        public static readonly int WaitTimeoutSeconds = (int)RoleChangeOptions.DefaultTimeout.TotalSeconds;

        /// <summary>The longest wait a parameter accepts: one hour, IAM's own worst case.</summary>
        public const int MaxTimeoutSeconds = 3600;

        /// <summary>The slowest -MaxRequestRate: one mutating call every ten seconds.</summary>
        public const double MinRequestRate = 0.1;

        /// <summary>The fastest -MaxRequestRate accepted; AWS's own buckets refill at 5 a second.</summary>
        public const double MaxRequestRate = 1000;
    }
}
