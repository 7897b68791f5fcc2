namespace InstanceProfileTools
{
    /// <summary>The defaults of the wait and retry parameters, in seconds, shared by every cmdlet that has them.</summary>
    internal static class Defaults
    {
        /// <summary>How long to retry IAM's propagation errors: two minutes, as Terraform does.</summary>
        public const int PropagationTimeoutSeconds = 120;

        /// <summary>How long -Wait waits.</summary>
        public const int WaitTimeoutSeconds = 300;

        /// <summary>The longest wait a parameter accepts: one hour, IAM's own worst case.</summary>
        public const int MaxTimeoutSeconds = 3600;

        /// <summary>The slowest -MaxRequestRate: one mutating call every ten seconds.</summary>
        public const double MinRequestRate = 0.1;

        /// <summary>The fastest -MaxRequestRate accepted; AWS's own buckets refill at 5 a second.</summary>
        public const double MaxRequestRate = 1000;
    }
}
