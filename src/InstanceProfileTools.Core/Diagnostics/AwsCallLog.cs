using System;
using System.Globalization;

namespace InstanceProfileTools.Core.Diagnostics
{
    /// <summary>
    /// The one Verbose line per AWS call: service, action, ids, status and request id. Built only from
    /// <see cref="AwsCall"/> and response metadata, so no secret or header can reach it.
    /// </summary>
    public static class AwsCallLog
    {
        public static string Success(AwsCall call, int statusCode, string? requestId) =>
            $"{call}: {statusCode.ToString(CultureInfo.InvariantCulture)}, request id {requestId ?? "(none)"}";

        public static string Failure(AwsCall call, Exception error) => error switch
        {
            AwsServiceException aws when aws.ErrorCode.Length == 0 => $"{call}: {Status(aws)}, request id {aws.RequestId ?? "(none)"}",
            AwsServiceException aws => $"{call}: {Status(aws)} {aws.ErrorCode}, request id {aws.RequestId ?? "(none)"}",
            OperationCanceledException => $"{call}: cancelled",
            InstanceProfileToolsException known => $"{call}: {known.ErrorId}",
            _ => $"{call}: failed ({error.GetType().Name})",
        };

        private static string Status(AwsServiceException error) => error.StatusCode.ToString(CultureInfo.InvariantCulture);
    }
}
