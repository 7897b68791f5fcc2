using System;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.Diagnostics;
using InstanceProfileTools.Core.ErrorMapping;
using InstanceProfileTools.Core.Operations;

namespace InstanceProfileTools.Core.Ec2
{
    /// <summary>
    /// EC2 answers a refused iam:PassRole on Associate and Replace only with UnauthorizedOperation and an encoded
    /// message, which sts:DecodeAuthorizationMessage alone turns into the action refused (EVIDENCE row 28;
    /// hashicorp/terraform#12898). This decodes it where the caller may, and names a refused PassRole as
    /// <see cref="ErrorIds.PassRoleDenied"/>; a refusal of anything else, or one that cannot be decoded, stays as it was.
    /// </summary>
    internal static class PassRoleDecoding
    {
        private const string Marker = "Encoded authorization failure message:";

        /// <summary>The refusal named, or <paramref name="refused"/> itself.</summary>
        public static async Task<AwsServiceException> NameAsync(AwsServiceException refused, AwsCall call, Func<string, CancellationToken, Task<string>>? decode, CancellationToken cancellationToken)
        {
            string? encoded = EncodedMessage(refused);
            if (decode is null || encoded is null || refused.ErrorCode != "UnauthorizedOperation")
            {
                return refused;
            }

            string decoded;
            try
            {
                decoded = await decode(encoded, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception notDecoded) when (notDecoded is InstanceProfileToolsException or Amazon.Runtime.AmazonServiceException)
            {
                // The caller may not decode (no sts:DecodeAuthorizationMessage): the refusal keeps its own id.
                return refused;
            }

            if (!TryReadAction(decoded, out string action, out string? resource) || !string.Equals(action, "iam:PassRole", StringComparison.OrdinalIgnoreCase))
            {
                return refused;
            }

            string? roleName = resource is null ? null : resource.Substring(resource.LastIndexOf('/') + 1);
            string advice = PassRoleAdvice.For(roleName);
            string message = $"EC2 {call.Action} failed: the caller may not pass role '{roleName ?? resource ?? "?"}' to EC2 " +
                $"(the decoded authorization message says iam:PassRole on {resource ?? "the role"} was refused). {advice}";
            return RecommendedAction.Attach(
                new AwsServiceException(ErrorIds.PassRoleDenied, FailureKind.PermissionDenied, roleName ?? refused.Target, message,
                    refused.Service, refused.ErrorCode, refused.RequestId, refused.StatusCode, refused) { ServiceMessage = refused.ServiceMessage },
                advice);
        }

        private static string? EncodedMessage(AwsServiceException refused)
        {
            string? text = refused.ServiceMessage;
            int at = text?.IndexOf(Marker, StringComparison.Ordinal) ?? -1;
            return at < 0 ? null : text!.Substring(at + Marker.Length).Trim();
        }

        private static bool TryReadAction(string decoded, out string action, out string? resource)
        {
            action = string.Empty;
            resource = null;
            try
            {
                using JsonDocument document = JsonDocument.Parse(decoded);
                if (!document.RootElement.TryGetProperty("context", out JsonElement context) ||
                    !context.TryGetProperty("action", out JsonElement actionElement) || actionElement.ValueKind != JsonValueKind.String)
                {
                    return false;
                }

                action = actionElement.GetString()!;
                resource = context.TryGetProperty("resource", out JsonElement resourceElement) && resourceElement.ValueKind == JsonValueKind.String
                    ? resourceElement.GetString()
                    : null;
                return true;
            }
            catch (JsonException)
            {
                return false;
            }
        }
    }
}
