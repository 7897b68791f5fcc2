using System;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using InstanceProfileTools.Sandbox.Identity;
using Microsoft.AspNetCore.Http;

namespace InstanceProfileTools.Sandbox.Admin
{
    /// <summary>
    /// The sessions routes: which temporary credentials STS minted, and ending them before their time. Never a
    /// secret or a token: only who the session acts as and until when.
    /// </summary>
    public sealed partial class AdminEndpoint
    {
        /// <summary>Every session (of one account when named), without its secret or token.</summary>
        private object SessionsNow(string? accountId)
        {
            DateTimeOffset now = _store.Clock.UtcNow;
            return _store.Sessions.All()
                .Where(s => accountId == null || s.AccountId == accountId)
                .Select(s => new
                {
                    accessKeyId = s.AccessKeyId,
                    account = s.AccountId,
                    roleArn = s.RoleArn,
                    roleName = s.RoleName,
                    sessionName = s.SessionName,
                    assumedRoleArn = s.AssumedRoleArn,
                    expiration = Timestamp(s.Expiration),
                    expired = now >= s.Expiration,
                })
                .ToList();
        }

        /// <summary>
        /// POST sessions/expire: ends the session named by {"accessKeyId": "ASIA..."} now, or every session when the
        /// body names none; answers how many were still valid. An unknown key is 404.
        /// </summary>
        private async Task ExpireSessionsAsync(HttpContext context, string body)
        {
            string? accessKeyId;
            try
            {
                accessKeyId = AccessKeyIdOf(body);
            }
            catch (JsonException ex)
            {
                await WriteAsync(context, 400, new { error = "The body must be empty or {\"accessKeyId\": \"ASIA...\"}: " + ex.Message });
                return;
            }

            int expired = _store.Sessions.Expire(accessKeyId, _store.Clock.UtcNow);
            await (expired < 0
                ? WriteAsync(context, 404, new { error = $"No session has the access key id '{accessKeyId}'." })
                : WriteAsync(context, 200, new { expired }));
        }

        /// <summary>The accessKeyId member of the body; null for an empty body or none given.</summary>
        private static string? AccessKeyIdOf(string body)
        {
            if (body.Trim().Length == 0)
            {
                return null;
            }

            using JsonDocument document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new JsonException("not an object");
            }

            return document.RootElement.TryGetProperty("accessKeyId", out JsonElement key) && key.ValueKind == JsonValueKind.String ? key.GetString() : null;
        }
    }
}
