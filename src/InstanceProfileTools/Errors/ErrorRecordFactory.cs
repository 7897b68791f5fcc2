using System;
using System.Globalization;
using System.Management.Automation;
using InstanceProfileTools.Core;
using InstanceProfileTools.Core.ErrorMapping;
using InstanceProfileTools.Core.Operations;

namespace InstanceProfileTools.Errors
{
    /// <summary>The one map from Core's exceptions to ErrorRecords.</summary>
    internal static class ErrorRecordFactory
    {
        /// <summary>The id of failures Core did not classify (a defect, or a failure below the SDK).</summary>
        public const string UnexpectedErrorId = "UnexpectedError";

        /// <summary>
        /// An ErrorRecord whose id is Core's stable error id, whose category follows the failure kind and whose
        /// target is the value the failure concerns (or <paramref name="fallbackTarget"/> when Core names none).
        /// AWS failures add the service, the AWS error code and the request id to the message; advice Core attached
        /// becomes ErrorDetails.RecommendedAction.
        /// </summary>
        public static ErrorRecord Create(Exception exception, object? fallbackTarget)
        {
            if (exception is not InstanceProfileToolsException failure)
            {
                return new ErrorRecord(exception, UnexpectedErrorId, ErrorCategory.NotSpecified, fallbackTarget);
            }

            var record = new ErrorRecord(failure, failure.ErrorId, CategoryOf(failure.Kind), failure.Target ?? fallbackTarget);
            string? action = RecommendedAction.Of(failure);
            if (failure is AwsServiceException || action is not null)
            {
                string message = failure is AwsServiceException aws ? WithServiceDetails(aws) : failure.Message;
                record.ErrorDetails = new ErrorDetails(message) { RecommendedAction = action };
            }

            return record;
        }

        public static ErrorCategory CategoryOf(FailureKind kind) => kind switch
        {
            FailureKind.InvalidArgument => ErrorCategory.InvalidArgument,
            FailureKind.ObjectNotFound => ErrorCategory.ObjectNotFound,
            FailureKind.ResourceExists => ErrorCategory.ResourceExists,
            FailureKind.ResourceBusy => ErrorCategory.ResourceBusy,
            FailureKind.LimitsExceeded => ErrorCategory.LimitsExceeded,
            FailureKind.InvalidOperation => ErrorCategory.InvalidOperation,
            FailureKind.PermissionDenied => ErrorCategory.PermissionDenied,
            FailureKind.AuthenticationError => ErrorCategory.AuthenticationError,
            FailureKind.OperationTimeout => ErrorCategory.OperationTimeout,
            FailureKind.ConnectionError => ErrorCategory.ConnectionError,
            FailureKind.WriteError => ErrorCategory.WriteError,
            FailureKind.OperationStopped => ErrorCategory.OperationStopped,
            _ => ErrorCategory.NotSpecified,
        };

        // Scripts and support cases need the AWS code and request id; the message keeps Core's advice first.
        private static string WithServiceDetails(AwsServiceException aws)
        {
            string service = aws.Service.ToUpperInvariant();
            string requestId = string.IsNullOrEmpty(aws.RequestId) ? "none" : aws.RequestId!;
            string message = aws.Message.TrimEnd();
            if (aws.RequestId is not null && message.IndexOf(aws.RequestId, StringComparison.Ordinal) >= 0)
            {
                return message;
            }

            return string.Format(CultureInfo.InvariantCulture, "{0} ({1} {2}, HTTP {3}, request id {4})",
                message, service, aws.ErrorCode, aws.StatusCode, requestId);
        }
    }
}
