using InstanceProfileTools.Core.Diagnostics;
using InstanceProfileTools.Core.ErrorMapping;

namespace InstanceProfileTools.Core.Tests.Support
{
    /// <summary>
    /// Service errors as the adapters raise them: AWS's code, message and status for a named call, classified by
    /// production's own map, so that a fake's error has the id, target, advice and traits a real one would.
    /// </summary>
    internal static class FakeErrors
    {
        public static AwsServiceException Ec2(AwsCall call, string code, string message, int status = 400) =>
            AwsErrorMap.FromServiceError(call, code, message, "req-ec2", status);

        public static AwsServiceException Iam(AwsCall call, string code, string message, int status = 400) =>
            AwsErrorMap.FromServiceError(call, code, message, "req-iam", status);

        public static AwsServiceException Ec2Throttled() =>
            Ec2(AwsCall.Ec2("DescribeIamInstanceProfileAssociations"), "RequestLimitExceeded", "Request limit exceeded.", 503);

        public static AwsServiceException Ec2Unavailable() =>
            Ec2(AwsCall.Ec2("ReplaceIamInstanceProfileAssociation"), "Unavailable", "The service is unavailable.", 503);

        public static AwsServiceException UnknownProfile(string action, string arn) =>
            Ec2(AwsCall.Ec2(action, ("InstanceProfile", arn)), "InvalidParameterValue",
                $"Value ({arn}) for parameter iamInstanceProfile.arn is invalid. Invalid IAM Instance Profile ARN");

        /// <summary>What EC2's refusal of iam:PassRole becomes once its message is decoded (see Ec2/PassRoleDecoding).</summary>
        public static AwsServiceException PassRoleDenied() =>
            new(ErrorIds.PassRoleDenied, FailureKind.PermissionDenied, "new-role", "EC2 ReplaceIamInstanceProfileAssociation failed: the caller may not pass role 'new-role' to EC2.",
                "ec2", "UnauthorizedOperation", null, 403);

        public static AwsServiceException AccessDenied() =>
            Ec2(AwsCall.Ec2("ReplaceIamInstanceProfileAssociation"), "UnauthorizedOperation", "You are not authorized to perform this operation.", 403);
    }
}
