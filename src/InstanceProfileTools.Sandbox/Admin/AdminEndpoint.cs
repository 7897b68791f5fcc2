using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using InstanceProfileTools.Sandbox.Settings;
using InstanceProfileTools.Sandbox.State;
using Microsoft.AspNetCore.Http;

namespace InstanceProfileTools.Sandbox.Admin
{
    /// <summary>The /_sandbox/ endpoint: health, reset, settings, timeline, stats and sessions, in JSON, unsigned, loopback only.</summary>
    public sealed partial class AdminEndpoint
    {
        /// <summary>The path prefix it serves.</summary>
        public const string Prefix = "/_sandbox/";

        private static readonly JsonSerializerOptions s_json = new JsonSerializerOptions(JsonSerializerDefaults.Web);

        private readonly SandboxStore _store;
        private readonly RequestStats _stats;

        /// <summary>Creates the endpoint.</summary>
        public AdminEndpoint(SandboxStore store, RequestStats stats)
        {
            _store = store;
            _stats = stats;
        }

        /// <summary>Answers one admin request.</summary>
        public async Task HandleAsync(HttpContext context)
        {
            if (context.Connection.RemoteIpAddress is { } remote && !System.Net.IPAddress.IsLoopback(remote))
            {
                await WriteAsync(context, 403, new { error = "The admin endpoint answers loopback clients only." });
                return;
            }

            string route = context.Request.Method + " " + context.Request.Path.Value!.Substring(Prefix.Length).TrimEnd('/');
            try
            {
                await RouteAsync(context, route);
            }
            catch (Exception ex) when (ex is not OperationCanceledException && !context.Response.HasStarted)
            {
                await WriteAsync(context, 500, new { error = $"The admin request failed: {ex.Message}" });
            }
        }

        private async Task RouteAsync(HttpContext context, string route)
        {
            if (InstanceCredentialsRoute(route) is string instanceId)
            {
                await WriteCredentialsAsync(context, instanceId, Query(context, "account"), Query(context, "region"));
                return;
            }

            switch (route)
            {
                case "GET health":
                    await WriteAsync(context, 200, new { status = "ok" });
                    break;
                case "POST reset":
                    _store.Reset();
                    _stats.Reset();
                    await WriteAsync(context, 200, new { status = "reset" });
                    break;
                case "GET settings":
                    await WriteSettingsAsync(context);
                    break;
                case "POST settings":
                    await MergeSettingsAsync(context);
                    break;
                case "GET timeline":
                    await WriteAsync(context, 200, TimelineNow(Query(context, "instanceId"), Query(context, "account"), Query(context, "region")));
                    break;
                case "GET stats":
                    await WriteAsync(context, 200, _stats.Snapshot());
                    break;
                case "GET sessions":
                    await WriteAsync(context, 200, SessionsNow(Query(context, "account")));
                    break;
                case "POST sessions/expire":
                    await ExpireSessionsAsync(context);
                    break;
                default:
                    await WriteAsync(context, 404, new { error = $"No admin route {route}. Routes: GET health, POST reset, GET/POST settings, GET timeline, GET stats, GET instances/ID/credentials, GET sessions, POST sessions/expire." });
                    break;
            }
        }

        /// <summary>The instance id of "GET instances/ID/credentials", else null.</summary>
        private static string? InstanceCredentialsRoute(string route)
        {
            string[] parts = route.Split('/');
            return parts.Length == 3 && parts[0] == "GET instances" && parts[2] == "credentials" && parts[1].Length > 0 ? parts[1] : null;
        }

        /// <summary>An optional query parameter (a filter), null when absent or empty.</summary>
        private static string? Query(HttpContext context, string name) =>
            context.Request.Query[name].FirstOrDefault() is { Length: > 0 } value ? value : null;

        private Task WriteCredentialsAsync(HttpContext context, string instanceId, string? accountId, string? region)
        {
            object? credentials;
            lock (_store.Sync)
            {
                credentials = InstanceCredentials.Describe(_store, instanceId, accountId, region);
            }

            return credentials == null
                ? WriteAsync(context, 404, new { error = $"The instance ID '{instanceId}' does not exist." })
                : WriteCredentialsJsonAsync(context, credentials);
        }

        private static Task WriteCredentialsJsonAsync(HttpContext context, object credentials)
        {
            // IMDS's own member names (Code, AccessKeyId, ...), not the admin endpoint's camelCase.
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(JsonSerializer.Serialize(credentials), context.RequestAborted);
        }

        private object TimelineNow(string? instanceId, string? accountId, string? region)
        {
            lock (_store.Sync)
            {
                return Timeline.Build(_store.State.Regions(), _store.Clock.UtcNow, instanceId, accountId, region)
                    .Select(e => new
                    {
                        time = Timestamp(e.Time),
                        seq = e.Seq,
                        account = e.AccountId,
                        region = e.Region,
                        instanceId = e.InstanceId,
                        associationId = e.AssociationId,
                        state = e.State,
                        instanceProfileArn = e.InstanceProfileArn,
                        effectiveInstanceProfileArn = e.EffectiveInstanceProfileArn,
                    })
                    .ToList();
            }
        }

        private async Task MergeSettingsAsync(HttpContext context)
        {
            string patch;
            using (var reader = new StreamReader(context.Request.Body))
            {
                patch = await reader.ReadToEndAsync(context.RequestAborted);
            }

            try
            {
                lock (_store.Sync)
                {
                    _store.Settings = SettingsMerger.Merge(_store.Settings, patch);
                }
            }
            catch (SettingsException ex)
            {
                await WriteAsync(context, 400, new { error = ex.Message });
                return;
            }

            await WriteSettingsAsync(context);
        }

        private Task WriteSettingsAsync(HttpContext context)
        {
            SandboxSettings settings;
            lock (_store.Sync)
            {
                settings = _store.Settings;
            }

            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(JsonSerializer.Serialize(settings, SandboxSettings.JsonOptions), context.RequestAborted);
        }

        /// <summary>The admin endpoint's timestamps: ISO-8601 UTC with milliseconds.</summary>
        private static string Timestamp(DateTimeOffset time) =>
            time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

        private static Task WriteAsync(HttpContext context, int status, object value)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(JsonSerializer.Serialize(value, s_json), context.RequestAborted);
        }
    }
}
