using InstanceProfileTools.Sandbox.Protocol;

namespace InstanceProfileTools.Sandbox.Faults
{
    /// <summary>What the fault settings do to one request.</summary>
    public sealed class FaultDecision
    {
        /// <summary>Nothing: the request is served normally.</summary>
        public static readonly FaultDecision None = new FaultDecision(false, null, null, false);

        /// <summary>Creates a decision.</summary>
        public FaultDecision(bool drop, AwsServiceException? errorBefore, AwsServiceException? errorAfter, bool stuck)
        {
            Drop = drop;
            ErrorBefore = errorBefore;
            ErrorAfter = errorAfter;
            Stuck = stuck;
        }

        /// <summary>Close the connection without answering.</summary>
        public bool Drop { get; }

        /// <summary>Answer this error instead of doing the call.</summary>
        public AwsServiceException? ErrorBefore { get; }

        /// <summary>Do the call, then answer this error.</summary>
        public AwsServiceException? ErrorAfter { get; }

        /// <summary>Associations the call creates stay associating forever.</summary>
        public bool Stuck { get; }
    }
}
