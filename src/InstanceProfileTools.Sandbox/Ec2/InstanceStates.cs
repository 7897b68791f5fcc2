using System;

namespace InstanceProfileTools.Sandbox.Ec2
{
    /// <summary>EC2 instance state names and their codes.</summary>
    public static class InstanceStates
    {
        /// <summary>Launching or starting.</summary>
        public const string Pending = "pending";

        /// <summary>Running.</summary>
        public const string Running = "running";

        /// <summary>Terminating (only ever answered by TerminateInstances).</summary>
        public const string ShuttingDown = "shutting-down";

        /// <summary>Terminated.</summary>
        public const string Terminated = "terminated";

        /// <summary>Stopping (only ever answered by StopInstances).</summary>
        public const string Stopping = "stopping";

        /// <summary>Stopped.</summary>
        public const string Stopped = "stopped";

        /// <summary>The numeric code EC2 pairs with a state name.</summary>
        public static int Code(string state) => state switch
        {
            Pending => 0,
            Running => 16,
            ShuttingDown => 32,
            Terminated => 48,
            Stopping => 64,
            Stopped => 80,
            _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown instance state."),
        };
    }
}
