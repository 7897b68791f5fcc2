using System;

namespace InstanceProfileTools.Core.Aws
{
    /// <summary>Questions other parts of Core ask about an AWS failure.</summary>
    public static class AwsErrors
    {
        /// <summary>
        /// True for the errors IAM's eventual consistency causes, which go away by themselves within seconds to
        /// minutes and are worth retrying: EC2 not yet knowing a new profile ("Invalid IAM Instance Profile") or
        /// its role ("has no associated IAM Roles"), an association refused with InstanceIdentityProfileNotFound,
        /// and IAM not yet knowing a new role when it is added to a profile ("The role with name ...").
        /// </summary>
        /// <remarks>
        /// The exception does not name the operation; a role's NoSuchEntity counts as propagation wherever it came
        /// from, so callers ask this only about calls where a just-created role may be involved.
        /// </remarks>
        public static bool IsPropagationError(AwsServiceException error)
        {
            if (error is null)
            {
                throw new ArgumentNullException(nameof(error));
            }

            string message = error.ServiceMessage ?? error.Message;
            if (string.Equals(error.Service, "ec2", StringComparison.OrdinalIgnoreCase))
            {
                return error.ErrorCode switch
                {
                    "InvalidParameterValue" => Contains(message, "Invalid IAM Instance Profile") || Contains(message, "has no associated IAM Roles"),
                    "IncorrectState" => Contains(message, "InstanceIdentityProfileNotFound"),
                    _ => false,
                };
            }

            return string.Equals(error.Service, "iam", StringComparison.OrdinalIgnoreCase)
                && error.ErrorCode == "NoSuchEntity"
                && Contains(message, "The role with name");
        }

        private static bool Contains(string text, string part) => text.IndexOf(part, StringComparison.OrdinalIgnoreCase) >= 0;
    }
}
