namespace InstanceProfileTools.Core.Retry
{
    /// <summary>Which service errors are worth another try within a deadline.</summary>
    public static class TransientErrors
    {
        /// <summary>
        /// Throttling and service unavailability outlast the SDK's own few retries under a large fleet change;
        /// they are waited out rather than failing the item.
        /// </summary>
        public static bool IsTransient(AwsServiceException error) =>
            error.ErrorId == ErrorIds.Throttled || error.ErrorId == ErrorIds.ServiceUnavailable;

        /// <summary>
        /// A failure that says nothing of whether the call took effect (a 5xx, a dropped connection): the reply may
        /// have been lost after the change was made, so what happened is read before anything else is decided.
        /// </summary>
        public static bool MayHaveBeenLost(AwsServiceException error) =>
            error.ErrorId == ErrorIds.ServiceUnavailable || error.ErrorId == ErrorIds.EndpointUnreachable;

        /// <summary>What the propagation retry retries: IAM's eventual consistency, plus the transient errors.</summary>
        public static bool IsPropagationOrTransient(AwsServiceException error) =>
            error.IsPropagationError || IsTransient(error);
    }
}
