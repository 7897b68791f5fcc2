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
using InstanceProfileTools.Sandbox.Identity;
using InstanceProfileTools.Sandbox.Protocol;
using InstanceProfileTools.Sandbox.State;
using InstanceProfileTools.Sandbox.Sts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace InstanceProfileTools.Sandbox.Hosting
{
    /// <summary>
    /// Serves the AWS side (IAM, EC2, STS): reads the request, verifies SigV4, finds the caller and the account it
    /// acts in, applies faults, runs the call under the state lock and writes AWS's XML. Any unexpected exception
    /// becomes an AWS-shaped 500, never a stack trace.
    /// </summary>
    public sealed class AwsEndpoint
    {
        private readonly SandboxStore _store;
        private readonly CallerResolver _callers;
        private readonly SigV4Verifier _verifier;
        private readonly FaultInjector _faults;
        private readonly RequestStats _stats;
        private readonly TextWriter? _log;

        /// <summary>Creates the endpoint; requests are signed with the keys of <paramref name="keys"/> or with the sessions STS minted.</summary>
        public AwsEndpoint(SandboxStore store, KeyRing keys, FaultInjector faults, RequestStats stats, TextWriter? log)
        {
            _store = store;
            _callers = new CallerResolver(keys, store.Sessions, store.Clock);
            _verifier = new SigV4Verifier(_callers.SecretOf);
            _faults = faults;
            _stats = stats;
            _log = log;
        }

        /// <summary>Answers one HTTP request.</summary>
        public async Task HandleAsync(HttpContext context)
        {
            string rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "/";
            int question = rawTarget.IndexOf('?');
            string rawPath = question < 0 ? rawTarget : rawTarget.Substring(0, question);
            string rawQuery = question < 0 ? "" : rawTarget.Substring(question + 1);
            byte[]? body;
            try
            {
                body = await RequestBody.ReadAsync(context.Request, context.RequestAborted);
            }
            catch (Exception ex) when (ex is IOException || ex is OperationCanceledException || ex is BadHttpRequestException)
            {
                // The client went away mid-request: nothing to answer, nothing to change.
                return;
            }

            if (body == null)
            {
                await WriteTooLargeAsync(context, rawQuery);
                return;
            }

            Dictionary<string, string> parameters = AwsRequestReader.ReadParameters(rawQuery, body);
            string action = parameters.GetValueOrDefault("Action") ?? "";
            var request = new AwsRequest(AwsRequestReader.ChooseService(null, parameters, action), action, parameters, IdGenerator.RequestId());
            _stats.Count(action, SigV4Authorization.Parse(context.Request.Headers.Authorization.ToString())?.Region);
            try
            {
                var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal);
                SigV4Result auth = _verifier.Verify(context.Request.Method, rawPath, rawQuery, headers, body, _store.Clock.UtcNow);
                ServiceKind service = AwsRequestReader.ChooseService(auth.Service, parameters, action);
                AwsServiceException? refusal = AuthErrors.For(service, auth);
                CallerIdentity? caller = null;
                if (refusal == null && !_store.Regions.Serves(service, auth.Region))
                {
                    // Signed for a region the account has not enabled (or no AWS region at all).
                    refusal = AuthErrors.InvalidToken(service);
                }
                else if (refusal == null)
                {
                    caller = _callers.Resolve(service, auth.AccessKey!, AwsRequestReader.SessionToken(headers, rawQuery), out refusal);
                }

                request = new AwsRequest(service, action, parameters, request.RequestId) { AccountId = caller?.AccountId, Region = auth.Region, Caller = caller };
                _log?.WriteLine($"{DateTimeOffset.UtcNow:O} {request.Service} {action} {context.Request.Method}");
                await AnswerAsync(context, request, refusal ?? Unanswerable(request));
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

        /// <summary>What a request that passed authentication is answered instead of a call: a missing action or, for a query service, another API version.</summary>
        private static AwsServiceException? Unanswerable(AwsRequest request)
        {
            if (request.Action.Length == 0)
            {
                return new AwsServiceException("MissingAction", "Missing Action", 400);
            }

            string? version = request.Get("Version");
            string? expected = AwsRequestReader.QueryApiVersion(request.Service);

            // A query service finds an operation by action and version together; AWS names a missing one NO_VERSION_SPECIFIED.
            return expected != null && version != expected ? IamErrors.UnknownOperation(request.Action, version ?? "NO_VERSION_SPECIFIED") : null;
        }

        private async Task AnswerAsync(HttpContext context, AwsRequest request, AwsServiceException? refusal)
        {
            int latency = _store.Settings.Faults.LatencyMs;
            if (latency > 0)
            {
                await Task.Delay(latency, context.RequestAborted);
            }

            if (refusal != null)
            {
                await WriteErrorAsync(context, request, refusal);
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

        /// <summary>Runs the call in the request's account (IAM) or account and region (EC2), or as its caller (STS). Call holding the store's lock.</summary>
        private XElement Dispatch(AwsRequest request, FaultDecision fault)
        {
            string account = request.AccountId ?? _store.DefaultAccountId;
            return request.Service switch
            {
                ServiceKind.Iam => new IamService(_store, account).Handle(request),
                ServiceKind.Sts => new StsService(_store).Handle(request),
                _ => new Ec2Service(_store, account, request.Region ?? SandboxStore.DefaultRegion).Handle(request, fault.Stuck),
            };
        }

        /// <summary>
        /// A body over the cap, answered unread in the error document of the service the Authorization header's scope
        /// (or the query string) names. AWS's own answer to an oversized query body was not found: 413 with the code
        /// RequestEntityTooLarge is the sandbox's.
        /// </summary>
        private Task WriteTooLargeAsync(HttpContext context, string rawQuery)
        {
            string? scopeService = SigV4Authorization.Parse(context.Request.Headers.Authorization.ToString())?.Service;
            Dictionary<string, string> parameters = AwsRequestReader.ReadParameters(rawQuery, Array.Empty<byte>());
            string action = parameters.GetValueOrDefault("Action") ?? "";
            var request = new AwsRequest(AwsRequestReader.ChooseService(scopeService, parameters, action), action, parameters, IdGenerator.RequestId());
            _stats.Count(action);
            return WriteErrorAsync(context, request, new AwsServiceException("RequestEntityTooLarge", $"The request body is larger than {RequestBody.MaxBytes} bytes.", 413));
        }

        private Task WriteErrorAsync(HttpContext context, AwsRequest request, AwsServiceException error)
        {
            if (FaultInjector.IsThrottling(error))
            {
                _stats.CountThrottled(request.Action);
            }

            XElement document = request.Service switch
            {
                ServiceKind.Iam => IamXml.Error(error.Code, error.Message, error.IsSenderFault, request.RequestId),
                ServiceKind.Sts => QueryXml.Error(StsXml.Ns, error.Code, error.Message, error.IsSenderFault, request.RequestId),
                _ => Ec2Xml.Error(error.Code, error.Message, request.RequestId),
            };
            return XmlResponses.WriteAsync(context, error.Status, document);
        }
    }
}
