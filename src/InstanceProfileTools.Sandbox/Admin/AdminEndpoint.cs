using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text;
using System.Threading.Tasks;
using InstanceProfileTools.Sandbox.Hosting;
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
        private readonly IReadOnlyList<string> _accountIds;

        /// <summary>Creates the endpoint.</summary>
        public AdminEndpoint(SandboxStore store, RequestStats stats, IReadOnlyList<string> accountIds)
        {
            _store = store;
            _stats = stats;
            _accountIds = accountIds;
        }

        /// <summary>
        /// Answers one admin request: from loopback only, from no page of another site (403), a POST's body JSON
        /// (415) and at most <see cref="RequestBody.MaxBytes"/> (413).
        /// </summary>
        public async Task HandleAsync(HttpContext context)
        {
            if (context.Connection.RemoteIpAddress is { } remote && !System.Net.IPAddress.IsLoopback(remote))
            {
                await WriteAsync(context, 403, new { error = "The admin endpoint answers loopback clients only." });
                return;
            }

            if (AdminGuard.IsCrossSite(context.Request.Headers.Origin))
            {
                await WriteAsync(context, 403, new { error = $"The admin endpoint refuses cross-site requests (Origin {context.Request.Headers.Origin})." });
                return;
            }

            string body = "";
            if (HttpMethods.IsPost(context.Request.Method))
            {
                string? contentType = context.Request.ContentType;
                byte[]? bytes = contentType == null || AdminGuard.IsJson(contentType) ? await ReadBodyAsync(context) : Array.Empty<byte>();
                if (bytes == null)
                {
                    await WriteAsync(context, 413, new { error = $"The request body is larger than {RequestBody.MaxBytes} bytes." });
                    return;
                }

                if (contentType != null ? !AdminGuard.IsJson(contentType) : bytes.Length > 0)
                {
                    await WriteAsync(context, 415, new { error = $"A POST to the admin endpoint takes Content-Type: application/json, not {contentType ?? "a body without one"}." });
                    return;
                }

                body = Encoding.UTF8.GetString(bytes);
            }

            string route = context.Request.Method + " " + context.Request.Path.Value!.Substring(Prefix.Length).TrimEnd('/');
            try
            {
                await RouteAsync(context, route, body);
            }
            catch (Exception ex) when (ex is not OperationCanceledException && !context.Response.HasStarted)
            {
                await WriteAsync(context, 500, new { error = $"The admin request failed: {ex.Message}" });
            }
        }

        /// <summary>The body, up to the cap (null past it); empty when the client went away.</summary>
        private static async Task<byte[]?> ReadBodyAsync(HttpContext context)
        {
            try
            {
                return await RequestBody.ReadAsync(context.Request, context.RequestAborted);
            }
            catch (Exception ex) when (ex is IOException || ex is BadHttpRequestException)
            {
                return Array.Empty<byte>();
            }
        }

        private async Task RouteAsync(HttpContext context, string route, string body)
        {
            if (await TryInstanceRouteAsync(context, route))
            {
                return;
            }

            switch (route)
            {
                case "GET health":
                    // The accounts that have keys and the enabled regions: the estate a runbook can reach.
                    await WriteAsync(context, 200, new { status = "ok", accounts = _accountIds, regions = _store.Regions.Enabled });
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
                    await MergeSettingsAsync(context, body);
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
                    await ExpireSessionsAsync(context, body);
                    break;
                case "POST instances/launch":
                    await LaunchAsync(context, body);
                    break;
                default:
                    await WriteAsync(context, 404, new { error = $"No admin route {route}. Routes: GET health, POST reset, GET/POST settings, GET timeline, GET stats, GET instances/ID/credentials, GET instances/ID/latest/meta-data/iam/..., POST instances/launch, GET sessions, POST sessions/expire." });
                    break;
            }
        }

        /// <summary>An optional query parameter (a filter), null when absent or empty.</summary>
        private static string? Query(HttpContext context, string name) =>
            context.Request.Query[name].FirstOrDefault() is { Length: > 0 } value ? value : null;

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

        private async Task MergeSettingsAsync(HttpContext context, string patch)
        {
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
