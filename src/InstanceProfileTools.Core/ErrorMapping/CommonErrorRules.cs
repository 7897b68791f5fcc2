using InstanceProfileTools.Core.Diagnostics;

namespace InstanceProfileTools.Core.ErrorMapping
{
    /// <summary>The error codes IAM and EC2 share: throttling, authentication, permissions, server faults.</summary>
    internal static class CommonErrorRules
    {
        /// <summary>A value the service refused (each service names its own validation codes).</summary>
        public static ServiceErrorMapping InvalidParameter(AwsCall call) =>
            new(ErrorIds.InvalidParameter, FailureKind.InvalidArgument, call.Target, "Correct the value the message names.");

        public static ServiceErrorMapping? TryMap(AwsCall call, string code, int statusCode)
        {
            switch (code)
            {
                case "Throttling":
                case "ThrottlingException":
                case "RequestLimitExceeded":
                case "TooManyRequestsException":
                    return new ServiceErrorMapping(ErrorIds.Throttled, FailureKind.LimitsExceeded, call.Target,
                        "AWS is throttling requests; the module already retried with backoff. Wait, lower -ThrottleLimit, and try again.");
                case "ExpiredToken":
                case "ExpiredTokenException":
                case "RequestExpired":
                    // IAM and STS answer ExpiredToken, EC2 RequestExpired, for session credentials past their expiry.
                    return new ServiceErrorMapping(ErrorIds.AuthenticationFailed, FailureKind.AuthenticationError, call.Target,
                        "The session credentials expired and could not be refreshed. Refresh them (aws sso login, a new " +
                        "session token) and run the command again; it goes on from where the instances are.", ErrorTraits.ExpiredCredentials);
                case "AuthFailure":
                case "SignatureDoesNotMatch":
                case "InvalidClientTokenId":
                case "IncompleteSignature":
                case "MissingAuthenticationToken":
                case "UnrecognizedClientException":
                    return new ServiceErrorMapping(ErrorIds.AuthenticationFailed, FailureKind.AuthenticationError, call.Target,
                        "AWS did not accept the credentials. Check -Credential or -AwsProfile (or the AWS_* environment variables), " +
                        "refresh expired session credentials, and check that the clock is right.");
                case "AccessDenied":
                case "AccessDeniedException":
                case "UnauthorizedOperation":
                    return new ServiceErrorMapping(ErrorIds.AccessDenied, FailureKind.PermissionDenied, call.Target,
                        $"The caller's IAM policy must allow {call.Service}:{call.Action}.");
            }

            if (statusCode == 429)
            {
                return TryMap(call, "Throttling", statusCode);
            }

            if (statusCode >= 500 || code is "ServiceFailure" or "ServiceUnavailable" or "InternalError" or "InternalFailure" or "Unavailable")
            {
                return new ServiceErrorMapping(ErrorIds.ServiceUnavailable, FailureKind.ResourceBusy, call.Target,
                    "AWS had an internal error; the module already retried. Try again later.");
            }

            return null;
        }
    }
}
