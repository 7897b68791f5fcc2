using System;
using InstanceProfileTools.Core.ErrorMapping;

namespace InstanceProfileTools.Core
{
    /// <summary>An error answered by IAM or EC2, with the service's own code and request id.</summary>
    public sealed class AwsServiceException : InstanceProfileToolsException
    {
        public AwsServiceException(
            string errorId,
            FailureKind kind,
            object? target,
            string message,
            string service,
            string errorCode,
            string? requestId,
            int statusCode,
            Exception? innerException = null)
            : base(errorId, kind, target, message, innerException)
        {
            Service = service;
            ErrorCode = errorCode;
            RequestId = requestId;
            StatusCode = statusCode;
        }

        /// <summary><c>iam</c> or <c>ec2</c>.</summary>
        public string Service { get; }

        /// <summary>The AWS error code, such as <c>NoSuchEntity</c> or <c>InvalidInstanceID.NotFound</c>.</summary>
        public string ErrorCode { get; }

        public string? RequestId { get; }

        public int StatusCode { get; }

        /// <summary>The message as the service sent it (the exception's Message may add advice).</summary>
        public string? ServiceMessage { get; init; }

        /// <summary>
        /// True for the errors IAM's eventual consistency causes, which go away by themselves and are worth retrying:
        /// EC2 not yet knowing a new profile or its role, an association refused with InstanceIdentityProfileNotFound,
        /// IAM not yet knowing a new role. The exception does not name the operation: a role's NoSuchEntity counts
        /// wherever it came from, so ask this only about calls where a just-created role may be involved.
        /// </summary>
        public bool IsPropagationError => (Traits & ErrorTraits.Propagation) != 0;

        /// <summary>True when EC2 refused a replace because the association is not the instance's active one (a stopped instance).</summary>
        public bool IsNotActiveAssociation => (Traits & ErrorTraits.NotActiveAssociation) != 0;

        /// <summary>True when the request's session credentials had expired: refreshed, the same request may go again.</summary>
        public bool IsExpiredCredentials => (Traits & ErrorTraits.ExpiredCredentials) != 0;

        // The rule tables own the traits, read from the service's own code and message.
        private ErrorTraits Traits => AwsErrorMap.TraitsOf(Service, ErrorCode, ServiceMessage ?? Message);
    }
}
