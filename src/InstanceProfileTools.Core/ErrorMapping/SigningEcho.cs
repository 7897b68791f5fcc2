using System;
using System.Text.RegularExpressions;
using Amazon.Runtime;

namespace InstanceProfileTools.Core.ErrorMapping
{
    /// <summary>
    /// Takes out of a failure what AWS echoes of the request's signing. A SignatureDoesNotMatch message ends with the
    /// canonical request and string to sign that AWS computed (IAM User Guide, "Troubleshoot signed requests"), and
    /// with session credentials the canonical request holds the session token: the X-Amz-Security-Token header, or
    /// the query parameter. An ErrorRecord, Get-Error, ToString() or a log must show neither.
    /// </summary>
    internal static class SigningEcho
    {
        /// <summary>What stands where the echo was.</summary>
        public const string LeftOut = "(The canonical request and string to sign that AWS returned are left out: they hold the session token.)";

        private const string CanonicalStringIntroduction = "The Canonical String for this request should have been";

        // Anywhere else a token might be quoted: header form (name:value) and query form (name=value, URL-encoded).
        private static readonly Regex s_securityToken = new(
            "(x-amz-security-token\\s*[:=]\\s*)[^\\s&'\"<]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        /// <summary>The message without the echo; equal to <paramref name="message"/> when it held none.</summary>
        public static string? Remove(string? message)
        {
            if (message is null)
            {
                return null;
            }

            string result = message;
            int echo = result.IndexOf(CanonicalStringIntroduction, StringComparison.OrdinalIgnoreCase);
            if (echo >= 0)
            {
                result = result.Substring(0, echo).TrimEnd() + " " + LeftOut;
            }

            return s_securityToken.Replace(result, "$1(left out)");
        }

        /// <summary>
        /// <paramref name="error"/> itself when no message in its chain holds an echo; otherwise one exception in its
        /// place, of the SDK's type where it was the SDK's, with the cleaned message, the same AWS code, request id and
        /// status, and no inner exception (the ones below repeat the message).
        /// </summary>
        public static Exception? Clean(Exception? error)
        {
            if (error is null || !HoldsEcho(error))
            {
                return error;
            }

            string message = Remove(error.Message) ?? string.Empty;
            return error is AmazonServiceException service
                ? new AmazonServiceException(message, null, service.ErrorType, service.ErrorCode, service.RequestId, service.StatusCode)
                : new AmazonClientException(message);
        }

        private static bool HoldsEcho(Exception error)
        {
            for (Exception? current = error; current != null; current = current.InnerException)
            {
                if (Remove(current.Message) != current.Message)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
