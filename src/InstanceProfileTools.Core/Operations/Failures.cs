using System;
using System.Collections.Generic;
using InstanceProfileTools.Core.ErrorMapping;

namespace InstanceProfileTools.Core.Operations
{
    /// <summary>
    /// The errors the operations raise themselves. Service errors keep the id, advice and traits the rule tables
    /// (<c>ErrorMapping/IamErrorRules</c>, <c>ErrorMapping/Ec2ErrorRules</c>) gave them.
    /// </summary>
    internal static class Failures
    {
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
