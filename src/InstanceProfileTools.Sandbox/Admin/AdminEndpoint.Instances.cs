using System;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace InstanceProfileTools.Sandbox.Admin
{
    /// <summary>
    /// The instance routes: what an instance sees of its metadata service (the credentials view and IMDS's own iam/
    /// documents), each optionally limited to one account and region with ?account=&amp;region=.
    /// </summary>
    public sealed partial class AdminEndpoint
    {
        private const string InstancesPrefix = "GET instances/";
        private const string IamDocuments = "latest/meta-data/iam/";
        private const string SecurityCredentials = IamDocuments + "security-credentials";

        /// <summary>Answers GET instances/ID/... when the route is one; false when it is not an instance route.</summary>
        private async Task<bool> TryInstanceRouteAsync(HttpContext context, string route)
        {
            if (!route.StartsWith(InstancesPrefix, StringComparison.Ordinal))
            {
                return false;
            }

            string rest = route.Substring(InstancesPrefix.Length);
            int slash = rest.IndexOf('/');
            if (slash <= 0)
            {
                return false;
            }

            string instanceId = rest.Substring(0, slash);
            string document = rest.Substring(slash + 1);
            string? account = Query(context, "account");
            string? region = Query(context, "region");
            if (document == "credentials")
            {
                await WriteCredentialsAsync(context, instanceId, account, region);
                return true;
            }

            if (IamDocument(document, instanceId, account, region) is not Func<MetadataAnswer?> answer)
            {
                return false;
            }

            MetadataAnswer? metadata;
            lock (_store.Sync)
            {
                metadata = answer();
            }

            await (metadata == null ? WriteUnknownInstanceAsync(context, instanceId) : WriteMetadataAsync(context, metadata));
            return true;
        }

        /// <summary>How to answer an iam/ document of IMDS (info, security-credentials/, security-credentials/ROLE); null for any other path.</summary>
        private Func<MetadataAnswer?>? IamDocument(string document, string instanceId, string? account, string? region)
        {
            if (document == IamDocuments + "info")
            {
                return () => InstanceMetadata.IamInfo(_store, instanceId, account, region);
            }

            if (document == SecurityCredentials)
            {
                return () => InstanceMetadata.SecurityCredentials(_store, instanceId, null, account, region);
            }

            string role = document.StartsWith(SecurityCredentials + "/", StringComparison.Ordinal) ? document.Substring(SecurityCredentials.Length + 1) : "";
            return role.Length > 0 && !role.Contains('/', StringComparison.Ordinal)
                ? () => InstanceMetadata.SecurityCredentials(_store, instanceId, role, account, region)
                : null;
        }

        private Task WriteCredentialsAsync(HttpContext context, string instanceId, string? accountId, string? region)
        {
            object? credentials;
            lock (_store.Sync)
            {
                credentials = InstanceCredentials.Describe(_store, instanceId, accountId, region);
            }

            // IMDS's own member names (Code, AccessKeyId, ...), not the admin endpoint's camelCase.
            return credentials == null
                ? WriteUnknownInstanceAsync(context, instanceId)
                : WriteMetadataAsync(context, MetadataAnswer.Json(credentials));
        }

        private static Task WriteUnknownInstanceAsync(HttpContext context, string instanceId) =>
            WriteAsync(context, 404, new { error = $"The instance ID '{instanceId}' does not exist." });

        private static Task WriteMetadataAsync(HttpContext context, MetadataAnswer answer)
        {
            context.Response.StatusCode = answer.Status;
            context.Response.ContentType = answer.ContentType;
            return context.Response.WriteAsync(answer.Body, context.RequestAborted);
        }
    }
}
