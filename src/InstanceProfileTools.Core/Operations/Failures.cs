using System;
using System.Collections.Generic;

namespace InstanceProfileTools.Core.Operations
{
    /// <summary>The errors the operations raise themselves, and the reclassifying of service errors.</summary>
    internal static class Failures
    {
        /// <summary>True for IAM's or EC2's "no such thing" answers.</summary>
        public static bool IsNotFound(AwsServiceException error) =>
            error.ErrorCode == "NoSuchEntity" || error.Kind == FailureKind.ObjectNotFound;

        /// <summary>
        /// The same service failure under a more precise id and message (the AWS code, request id and status
        /// stay, for support cases and scripts); the failure itself when Core's error map already chose that id.
        /// </summary>
        public static AwsServiceException Reclassify(AwsServiceException error, string errorId, FailureKind kind, object? target, string message) =>
            error.ErrorId == errorId
                ? error
                : new(errorId, kind, target, message, error.Service, error.ErrorCode, error.RequestId, error.StatusCode, error)
                {
                    ServiceMessage = error.ServiceMessage,
                };

        public static AwsServiceException ProfileNotFound(AwsServiceException error, string name) =>
            Reclassify(error, ErrorIds.InstanceProfileNotFound, FailureKind.ObjectNotFound, name,
                $"Instance profile '{name}' was not found. Check the name (Get-InstanceProfile lists them), the account and -AwsProfile.");

        public static InstanceProfileToolsException HasRole(string name, string roleName, string advice) =>
            RecommendedAction.Attach(
                new InstanceProfileToolsException(ErrorIds.InstanceProfileHasRole, FailureKind.InvalidOperation, name,
                    $"Instance profile '{name}' already holds role '{roleName}', and an instance profile holds one role only. {advice}"),
                advice);

        public static InstanceProfileToolsException InUse(string name, IReadOnlyCollection<string> instanceIds, string advice) =>
            RecommendedAction.Attach(
                new InstanceProfileToolsException(ErrorIds.InstanceProfileInUse, FailureKind.ResourceBusy, name,
                    $"Instance profile '{name}' is in use by {instanceIds.Count} instance(s): {string.Join(", ", instanceIds)}. {advice}"),
                advice);

        /// <summary>A role that stayed unknown for the whole propagation timeout does not exist.</summary>
        public static Exception RoleNotFound(InstanceProfileToolsException error, string roleName, TimeSpan waited)
        {
            const string Advice = "Check the role name; for a role created moments ago, raise -PropagationTimeout.";
            string message = $"Role '{roleName}' was not found (still unknown to IAM after {waited.TotalSeconds:0} s). " +
                "Check the role name; a role created moments ago can take a while to propagate: raise -PropagationTimeout.";
            Exception failure = error.InnerException is AwsServiceException aws
                ? new AwsServiceException(ErrorIds.RoleNotFound, FailureKind.ObjectNotFound, roleName, message, aws.Service, aws.ErrorCode, aws.RequestId, aws.StatusCode, aws)
                {
                    ServiceMessage = aws.ServiceMessage,
                }
                : new InstanceProfileToolsException(ErrorIds.RoleNotFound, FailureKind.ObjectNotFound, roleName, message, error);
            return RecommendedAction.Attach(failure, Advice);
        }
    }
}
