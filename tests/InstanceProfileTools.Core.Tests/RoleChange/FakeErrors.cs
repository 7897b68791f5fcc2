using InstanceProfileTools.Core;

namespace InstanceProfileTools.Core.Tests.RoleChange
{
    /// <summary>Service errors as the adapters raise them: AWS's code and message, the module's error id.</summary>
    internal static class FakeErrors
    {
        public static AwsServiceException Ec2(string code, string errorId, FailureKind kind, string message, int status = 400) =>
            new(errorId, kind, null, message, "ec2", code, "req-ec2", status) { ServiceMessage = message };

        public static AwsServiceException Iam(string code, string errorId, FailureKind kind, string message, int status = 400) =>
            new(errorId, kind, null, message, "iam", code, "req-iam", status) { ServiceMessage = message };

        public static AwsServiceException Ec2Throttled() =>
            Ec2("RequestLimitExceeded", ErrorIds.Throttled, FailureKind.LimitsExceeded, "Request limit exceeded.", 503);

        public static AwsServiceException Ec2Unavailable() =>
            Ec2("Unavailable", ErrorIds.ServiceUnavailable, FailureKind.ResourceBusy, "The service is unavailable.", 503);

        public static AwsServiceException UnknownProfile(string arn) =>
            Ec2("InvalidParameterValue", ErrorIds.InstanceProfileNotReady, FailureKind.InvalidOperation,
                $"Value ({arn}) for parameter iamInstanceProfile.arn is invalid. Invalid IAM Instance Profile ARN");

        public static AwsServiceException AccessDenied() =>
            Ec2("UnauthorizedOperation", ErrorIds.AccessDenied, FailureKind.PermissionDenied, "You are not authorized to perform this operation.", 403);
    }
}
