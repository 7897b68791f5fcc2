using System;

namespace InstanceProfileTools.Core.Aws
{
    /// <summary>Questions about service errors that more than one part of Core asks.</summary>
    public static class AwsErrors
    {
        /// <summary>
        /// True for the errors IAM's eventual consistency causes, which go away by themselves: EC2 not yet
        /// knowing a new profile ("Invalid IAM Instance Profile name/ARN") or its role ("has no associated IAM
        /// Roles"), an association failing with InstanceIdentityProfileNotFound, and AddRoleToInstanceProfile
        /// not yet knowing a new role.
        /// </summary>
        public static bool IsPropagationError(AwsServiceException error)
        {
            string text = error.ServiceMessage ?? error.Message;
            switch (error.ErrorCode)
            {
                case "InvalidParameterValue":
                    return Contains(text, "Invalid IAM Instance Profile") || Contains(text, "has no associated IAM Roles");
                case "IncorrectState":
                    return Contains(text, "InstanceIdentityProfileNotFound");
                case "NoSuchEntity":
                    return error.Service == "iam" && Contains(text, "The role with name");
                default:
                    return false;
            }
        }

        private static bool Contains(string text, string part) => text.IndexOf(part, StringComparison.OrdinalIgnoreCase) >= 0;
    }
}
