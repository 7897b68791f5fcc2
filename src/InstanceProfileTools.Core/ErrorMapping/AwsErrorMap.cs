using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Net.Sockets;
using Amazon.Runtime;
using InstanceProfileTools.Core.Diagnostics;
using InstanceProfileTools.Core.Operations;

namespace InstanceProfileTools.Core.ErrorMapping
{
    /// <summary>
    /// The one place where failures of the SDKs and of HTTP become <see cref="AwsServiceException"/>s: a stable
    /// error id, a kind, the name or id concerned, the service's own code, request id and status, and a
    /// message that says what to do.
    /// </summary>
    public static class AwsErrorMap
    {
        private const int MaxMessageLength = 300;

        /// <summary>
        /// Maps a failure of <paramref name="call"/>. Answers <paramref name="error"/> itself when it is not an AWS or
        /// connection failure (a cancellation, or an exception Core already raised).
        /// </summary>
        public static Exception Map(Exception error, AwsCall call, bool cancellationRequested = false)
        {
            switch (error)
            {
                case InstanceProfileToolsException:
                    return error;
                case AmazonServiceException service when !string.IsNullOrEmpty(service.ErrorCode) || (int)service.StatusCode != 0:
                    return FromServiceError(call, service.ErrorCode ?? string.Empty, service.Message, service.RequestId, (int)service.StatusCode, service);
                case OperationCanceledException when cancellationRequested:
                    return error;
                case OperationCanceledException or TimeoutException:
                    return Unreachable(call, FailureKind.OperationTimeout, "timed out", error);
            }

            if (IsConnectionFailure(error))
            {
                return Unreachable(call, FailureKind.ConnectionError, "could not be reached", error);
            }

            if (error is AmazonClientException { InnerException: AmazonServiceException sts } assuming &&
                assuming.Message.StartsWith("Error calling AssumeRole", StringComparison.Ordinal))
            {
                return AssumeRoleFailed(call, assuming, sts);
            }

            // The SDK failed before an answer: typically a profile whose credentials cannot be produced (an expired
            // SSO session, a missing source profile). Its message says what to do; keep it, with the call, less any echo
            // of a signing (an assumed role's own STS call can fail with one).
            return error is AmazonClientException client
                ? new AwsServiceException(ErrorIds.AwsError, FailureKind.NotSpecified, call.Target,
                    $"{call.Service.ToUpperInvariant()} {call.Action} failed before reaching AWS: {Shorten(SigningEcho.Remove(client.Message))}",
                    call.Service, nameof(AmazonClientException), null, 0, SigningEcho.Clean(client))
                : error;
        }

        // The profile's role could not be assumed: STS's answer says why (a trust policy that does not name the caller,
        // an external id that does not match, a duration over the role's maximum), and is the error, not the call.
        private static AwsServiceException AssumeRoleFailed(AwsCall call, AmazonClientException assuming, AmazonServiceException sts)
        {
            bool denied = sts.ErrorCode == "AccessDenied";
            string advice = denied
                ? "Check the role's trust policy: its principal must name the caller (or its account), and a sts:ExternalId condition must match the profile's external_id."
                : "Check the profile's role_arn, duration_seconds and source credentials.";
            string message = $"{call.Service.ToUpperInvariant()} {call.Action} failed before reaching AWS: {SigningEcho.Remove(assuming.Message)}: " +
                $"STS answered {sts.ErrorCode}: {EndSentence(Shorten(SigningEcho.Remove(sts.Message)) ?? string.Empty)} {advice}";
            var failure = new AwsServiceException(denied ? ErrorIds.AssumeRoleDenied : ErrorIds.AwsError, denied ? FailureKind.PermissionDenied : FailureKind.NotSpecified,
                call.Target, message, "sts", sts.ErrorCode ?? string.Empty, sts.RequestId, (int)sts.StatusCode, SigningEcho.Clean(assuming))
            {
                ServiceMessage = SigningEcho.Remove(sts.Message),
            };
            return RecommendedAction.Attach(failure, advice);
        }

        /// <summary>Maps an error the service answered with (its code, message, request id and HTTP status).</summary>
        /// <remarks>
        /// The rule's advice ends the message and is attached as the <see cref="RecommendedAction"/>. What AWS echoes of
        /// the request's signing (a session token among it) is taken out of the message and of <paramref name="inner"/>.
        /// </remarks>
        public static AwsServiceException FromServiceError(AwsCall call, string code, string? message, string? requestId, int statusCode, Exception? inner = null)
        {
            message = SigningEcho.Remove(message);
            inner = SigningEcho.Clean(inner);
            ServiceErrorMapping mapping = Rules(call, code, message, statusCode);
            string text = $"{call.Service.ToUpperInvariant()} {call.Action} failed: {Describe(code, statusCode)}: {Shorten(message)}";
            if (mapping.Advice != null)
            {
                text = EndSentence(text) + " " + mapping.Advice;
            }

            var error = new AwsServiceException(mapping.ErrorId, mapping.Kind, mapping.Target, text, call.Service, code, requestId, statusCode, inner)
            {
                ServiceMessage = message,
            };
            return mapping.Advice is null ? error : RecommendedAction.Attach(error, mapping.Advice);
        }

        /// <summary>
        /// The traits the rule tables give the service's answer. They depend on the code and the service's message
        /// only, never on the call, so an error built by hand (a test's fake) has the traits of a mapped one.
        /// </summary>
        internal static ErrorTraits TraitsOf(string service, string code, string? message) =>
            Rules(new AwsCall(service, string.Empty, Array.Empty<KeyValuePair<string, string>>()), code, message, 0).Traits;

        // The service's own rules first, then the codes IAM and EC2 share, then the catch-all.
        private static ServiceErrorMapping Rules(AwsCall call, string code, string? message, int statusCode) =>
            (string.Equals(call.Service, "ec2", StringComparison.OrdinalIgnoreCase)
                ? Ec2ErrorRules.TryMap(call, code, message ?? string.Empty)
                : IamErrorRules.TryMap(call, code, message ?? string.Empty))
            ?? CommonErrorRules.TryMap(call, code, statusCode)
            ?? new ServiceErrorMapping(ErrorIds.AwsError, FailureKind.NotSpecified, call.Target);

        // An answer without an AWS error code (a proxy's or emulator's HTML page) is named by its HTTP status.
        private static string Describe(string code, int statusCode) =>
            code.Length > 0 ? code : "HTTP " + statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);

        // EC2 ends most messages without a full stop ("... does not exist"); the advice after it is a new sentence.
        private static string EndSentence(string text)
        {
            string trimmed = text.TrimEnd();
            return trimmed.Length == 0 || ".!?".IndexOf(trimmed[trimmed.Length - 1]) >= 0 ? trimmed : trimmed + ".";
        }

        // The SDK puts a whole unparseable body into the message; a page of HTML helps nobody in an error record.
        private static string? Shorten(string? message) =>
            message is { Length: > MaxMessageLength } ? message.Substring(0, MaxMessageLength) + "..." : message;

        private static AwsServiceException Unreachable(AwsCall call, FailureKind kind, string what, Exception error) =>
            new(ErrorIds.EndpointUnreachable, kind, call.Target,
                $"{call.Service.ToUpperInvariant()} {call.Action} failed: the endpoint {what} ({Innermost(error).Message}). " +
                "Check the network, -Region and -EndpointUrl (or AWS_ENDPOINT_URL), then try again.",
                call.Service, "EndpointUnreachable", null, 0, error);

        private static bool IsConnectionFailure(Exception error)
        {
            for (Exception? current = error; current != null; current = current.InnerException)
            {
                if (current is HttpRequestException or SocketException or IOException)
                {
                    return true;
                }
            }

            return false;
        }

        private static Exception Innermost(Exception error)
        {
            Exception current = error;
            while (current.InnerException != null)
            {
                current = current.InnerException;
            }

            return current;
        }
    }
}
