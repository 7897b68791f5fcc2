using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using System.Xml.Linq;
using InstanceProfileTools.Sandbox.Admin;
using InstanceProfileTools.Sandbox.Auth;
using InstanceProfileTools.Sandbox.Ec2;
using InstanceProfileTools.Sandbox.Faults;
using InstanceProfileTools.Sandbox.Iam;
using InstanceProfileTools.Sandbox.Protocol;
using InstanceProfileTools.Sandbox.State;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;

namespace InstanceProfileTools.Sandbox.Hosting
{
    /// <summary>
    /// Serves the AWS side: reads the request, verifies SigV4, applies faults, runs the call under the state lock
    /// and writes AWS's XML. Any unexpected exception becomes an AWS-shaped 500, never a stack trace.
    /// </summary>
    public sealed class AwsEndpoint
    {
        private readonly SandboxStore _store;
        private readonly SigV4Verifier _verifier;
        private readonly IReadOnlyDictionary<string, string> _accountsByAccessKey;
        private readonly FaultInjector _faults;
        private readonly RequestStats _stats;
        private readonly TextWriter? _log;

        /// <summary>Creates the endpoint.</summary>
        public AwsEndpoint(SandboxStore store, SigV4Verifier verifier, IReadOnlyDictionary<string, string> accountsByAccessKey, FaultInjector faults, RequestStats stats, TextWriter? log)
        {
            _accountsByAccessKey = accountsByAccessKey;
            _store = store;
            _verifier = verifier;
            _faults = faults;
            _stats = stats;
            _log = log;
        }

        /// <summary>Answers one HTTP request.</summary>
        public async Task HandleAsync(HttpContext context)
        {
            byte[] body;
            try
            {
                using var buffer = new MemoryStream();
                await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
                body = buffer.ToArray();
            }
            catch (Exception ex) when (ex is IOException || ex is OperationCanceledException || ex is BadHttpRequestException)
            {
                // The client went away mid-request: nothing to answer, nothing to change.
                return;
            }

            string rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "/";
            int question = rawTarget.IndexOf('?');
            string rawPath = question < 0 ? rawTarget : rawTarget.Substring(0, question);
            string rawQuery = question < 0 ? "" : rawTarget.Substring(question + 1);
            Dictionary<string, string> parameters = ReadParameters(rawQuery, body);
            string action = parameters.GetValueOrDefault("Action") ?? "";
            var request = new AwsRequest(ChooseService(null, parameters, action), action, parameters, IdGenerator.RequestId());
            _stats.Count(action);
            try
            {
                var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal);
                SigV4Result auth = _verifier.Verify(context.Request.Method, rawPath, rawQuery, headers, body, _store.Clock.UtcNow);
                request = new AwsRequest(ChooseService(auth.Service, parameters, action), action, parameters, request.RequestId)
                {
                    AccountId = auth.AccessKey == null ? null : _accountsByAccessKey.GetValueOrDefault(auth.AccessKey) ?? _store.DefaultAccountId,
                    Region = auth.Region,
                };
                _log?.WriteLine($"{DateTimeOffset.UtcNow:O} {request.Service} {action} {context.Request.Method}");
                await AnswerAsync(context, request, auth);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _log?.WriteLine($"Unexpected failure in {action}: {ex}");
                if (context.Response.HasStarted)
                {
                    context.Abort();
                    return;
                }

                context.Response.Clear();
                await WriteErrorAsync(context, request, FaultInjector.ServerError(request.Service));
            }
        }

        private async Task AnswerAsync(HttpContext context, AwsRequest request, SigV4Result auth)
        {
            int latency = _store.Settings.Faults.LatencyMs;
            if (latency > 0)
            {
                await Task.Delay(latency, context.RequestAborted);
            }

            if (AuthErrors.For(request.Service, auth) is AwsServiceException authError)
            {
                await WriteErrorAsync(context, request, authError);
                return;
            }

            if (!_store.Regions.IsEnabled(request.Region))
            {
                // Signed for a region the account has not enabled (or no AWS region at all).
                await WriteErrorAsync(context, request, AuthErrors.InvalidToken(request.Service));
                return;
            }

            if (request.Action.Length == 0)
            {
                await WriteErrorAsync(context, request, new AwsServiceException("MissingAction", "Missing Action", 400));
                return;
            }

            string? version = request.Get("Version");
            if (request.Service == ServiceKind.Iam && version != IamService.ApiVersion)
            {
                // IAM finds an operation by action and version together; AWS names a missing one NO_VERSION_SPECIFIED.
                await WriteErrorAsync(context, request, IamErrors.UnknownOperation(request.Action, version ?? "NO_VERSION_SPECIFIED"));
                return;
            }

            FaultDecision fault = _faults.Decide(request);
            if (fault.Drop)
            {
                context.Abort();
                return;
            }

            if (fault.ErrorBefore != null)
            {
                await WriteErrorAsync(context, request, fault.ErrorBefore);
                return;
            }

            XElement response;
            try
            {
                lock (_store.Sync)
                {
                    response = Dispatch(request, fault);
                    if (RequestStats.IsMutating(request.Action))
                    {
                        _store.NotifyChanged();
                    }
                }
            }
            catch (AwsServiceException error)
            {
                await WriteErrorAsync(context, request, error);
                return;
            }

            if (fault.ErrorAfter != null)
            {
                await WriteErrorAsync(context, request, fault.ErrorAfter);
                return;
            }

            await XmlResponses.WriteAsync(context, 200, response);
        }

        /// <summary>Runs the call in the request's account (IAM) or account and region (EC2). Call holding the store's lock.</summary>
        private XElement Dispatch(AwsRequest request, FaultDecision fault)
        {
            string account = request.AccountId ?? _store.DefaultAccountId;
            return request.Service == ServiceKind.Iam
                ? new IamService(_store, account).Handle(request)
                : new Ec2Service(_store, account, request.Region ?? SandboxStore.DefaultRegion).Handle(request, fault.Stuck);
        }

        private Task WriteErrorAsync(HttpContext context, AwsRequest request, AwsServiceException error)
        {
            if (FaultInjector.IsThrottling(error))
            {
                _stats.CountThrottled(request.Action);
            }

            XElement document = request.Service == ServiceKind.Iam
                ? IamXml.Error(error.Code, error.Message, error.IsSenderFault, request.RequestId)
                : Ec2Xml.Error(error.Code, error.Message, request.RequestId);
            return XmlResponses.WriteAsync(context, error.Status, document);
        }

        /// <summary>The service from the credential scope; unsigned requests are told apart by Version, then by action.</summary>
        public static ServiceKind ChooseService(string? scopeService, IReadOnlyDictionary<string, string> parameters, string action)
        {
            if (scopeService == "iam")
            {
                return ServiceKind.Iam;
            }

            if (scopeService == "ec2")
            {
                return ServiceKind.Ec2;
            }

            return parameters.GetValueOrDefault("Version") switch
            {
                IamService.ApiVersion => ServiceKind.Iam,
                "2016-11-15" => ServiceKind.Ec2,
                _ => IamService.Actions.Contains(action) ? ServiceKind.Iam : ServiceKind.Ec2,
            };
        }

        /// <summary>
        /// Query-string parameters, then form-encoded body parameters (the body wins). A name given twice keeps its
        /// first value, as AWS's query services do, rather than the values joined with commas.
        /// </summary>
        public static Dictionary<string, string> ReadParameters(string rawQuery, byte[] body)
        {
            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in QueryHelpers.ParseQuery(rawQuery))
            {
                parameters[pair.Key] = pair.Value[0] ?? "";
            }

            if (body.Length > 0)
            {
                foreach (var pair in QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body)))
                {
                    parameters[pair.Key] = pair.Value[0] ?? "";
                }
            }

            return parameters;
        }
    }
}
