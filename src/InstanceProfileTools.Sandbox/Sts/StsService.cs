using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using InstanceProfileTools.Sandbox.Iam;
using InstanceProfileTools.Sandbox.Identity;
using InstanceProfileTools.Sandbox.Protocol;
using InstanceProfileTools.Sandbox.State;

namespace InstanceProfileTools.Sandbox.Sts
{
    /// <summary>
    /// STS's GetCallerIdentity, AssumeRole and DecodeAuthorizationMessage (query protocol, 2011-06-15), with the members, constraints and errors
    /// of botocore's sts model. STS is one service for the sandbox whatever region signs for it. Every method runs
    /// with <see cref="SandboxStore.Sync"/> held by the caller.
    /// </summary>
    public sealed partial class StsService
    {
        /// <summary>The API version STS's requests name.</summary>
        public const string ApiVersion = "2011-06-15";

        /// <summary>The actions this service answers.</summary>
        public static readonly IReadOnlyCollection<string> Actions = new[] { "GetCallerIdentity", "AssumeRole", "DecodeAuthorizationMessage" };

        /// <summary>A session assumed from another session (role chaining) lasts at most an hour.</summary>
        private const int ChainedMaxSeconds = 3600;

        private static readonly Regex s_roleArn = new Regex(@"^arn:aws:iam::([0-9]{12}):role/(?:[\u0021-\u007F]*/)?([\w+=,.@-]+)\z", RegexOptions.CultureInvariant);
        private static readonly Regex s_sessionName = new Regex(@"^[\w+=,.@-]*\z", RegexOptions.CultureInvariant);
        private static readonly Regex s_externalId = new Regex(@"^[\w+=,.@:/-]*\z", RegexOptions.CultureInvariant);
        private static readonly Regex s_serialNumber = new Regex(@"^[\w+=/:,.@-]*\z", RegexOptions.CultureInvariant);
        private static readonly Regex s_tokenCode = new Regex(@"^[0-9]*\z", RegexOptions.CultureInvariant);

        private readonly SandboxStore _store;

        /// <summary>Creates the service over the store.</summary>
        public StsService(SandboxStore store)
        {
            _store = store;
        }

        /// <summary>Answers one call from <see cref="AwsRequest.Caller"/>: the response document, or an <see cref="AwsServiceException"/>.</summary>
        public XElement Handle(AwsRequest request)
        {
            CallerIdentity caller = request.Caller ?? throw new InvalidOperationException("STS answers signed requests only.");
            IEnumerable<XElement> result = request.Action switch
            {
                "GetCallerIdentity" => StsXml.CallerIdentity(caller),
                "AssumeRole" => AssumeRole(request, caller),
                "DecodeAuthorizationMessage" => DecodeAuthorizationMessage(request, caller),
                _ => throw IamErrors.UnknownOperation(request.Action, ApiVersion),
            };
            return QueryXml.Response(StsXml.Ns, request.Action, request.RequestId, result);
        }

        private IEnumerable<XElement> AssumeRole(AwsRequest request, CallerIdentity caller)
        {
            var validator = new IamValidator();
            string roleArn = validator.Required(request.Get("RoleArn"), "roleArn");
            validator.Length(roleArn, "roleArn", 20, 2048);
            string sessionName = validator.Required(request.Get("RoleSessionName"), "roleSessionName");
            validator.Matches(sessionName, "roleSessionName", 2, 64, s_sessionName, @"[\w+=,.@-]*");
            int duration = validator.Integer(request.Get("DurationSeconds"), "durationSeconds", 900, 43200) ?? 3600;
            string? externalId = request.Get("ExternalId");
            validator.Matches(externalId, "externalId", 2, 1224, s_externalId, @"[\w+=,.@:\/-]*");
            validator.Matches(request.Get("SerialNumber"), "serialNumber", 9, 256, s_serialNumber, @"[\w+=/:,.@-]*");
            validator.Matches(request.Get("TokenCode"), "tokenCode", 6, 6, s_tokenCode, @"[\d]*");
            validator.Matches(request.Get("SourceIdentity"), "sourceIdentity", 2, 64, s_sessionName, @"[\w+=,.@-]*");
            validator.ThrowIfInvalid();
            RefuseMalformedPolicy(request.Get("Policy"));

            RoleEntity role = FindRole(roleArn) ?? throw NotAuthorized(caller, roleArn);
            if (!TrustPolicy.Allows(role.AssumeRolePolicyDocument, caller, externalId))
            {
                throw NotAuthorized(caller, roleArn);
            }

            if (duration > role.MaxSessionDuration)
            {
                // As STS words it (kreuzwerker/awsu#27, aws-azure-login#93): ValidationError, 400.
                throw new AwsServiceException("ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", 400);
            }

            if (caller.IsRoleSession && duration > ChainedMaxSeconds)
            {
                // aws/eks-anywhere#9485, prowler-cloud/prowler#7721: a chained session is capped at one hour.
                throw new AwsServiceException("ValidationError", "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.", 400);
            }

            string account = s_roleArn.Match(roleArn).Groups[1].Value;
            // Whole seconds, as the answer writes it, so that the session ends when the caller was told.
            DateTimeOffset now = _store.Clock.UtcNow;
            RoleSession session = _store.Sessions.Mint(role, account, sessionName, now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond)).AddSeconds(duration));
            var result = new List<XElement>(StsXml.AssumedRole(session));
            if (PackedPolicySize(request) is int packed)
            {
                result.Add(StsXml.E("PackedPolicySize", packed));
            }

            if (request.Get("SourceIdentity") is string sourceIdentity)
            {
                result.Add(StsXml.E("SourceIdentity", sourceIdentity));
            }

            return result;
        }

        /// <summary>The role the ARN names in its account, path included; null when there is none.</summary>
        private RoleEntity? FindRole(string roleArn)
        {
            Match arn = s_roleArn.Match(roleArn);
            if (!arn.Success || !_store.State.Accounts.TryGetValue(arn.Groups[1].Value, out AccountState? account))
            {
                return null;
            }

            return account.Roles.TryGetValue(arn.Groups[2].Value, out RoleEntity? role) && string.Equals(role.Arn, roleArn, StringComparison.OrdinalIgnoreCase)
                ? role
                : null;
        }

        /// <summary>
        /// AccessDenied, 403, as STS words it for an unknown role or a trust policy that does not let the caller in:
        /// "User: ARN is not authorized to perform: sts:AssumeRole on resource: ROLE" (Netflix/security_monkey#77 shows
        /// the whole XML, an assumed-role caller included; amzn/selling-partner-api-models#1186 a user).
        /// </summary>
        private static AwsServiceException NotAuthorized(CallerIdentity caller, string roleArn) =>
            new AwsServiceException("AccessDenied", $"User: {caller.Arn} is not authorized to perform: sts:AssumeRole on resource: {roleArn}", 403);

        /// <summary>A session policy, when given, must be JSON (the sandbox applies none).</summary>
        private static void RefuseMalformedPolicy(string? policy)
        {
            if (policy == null)
            {
                return;
            }

            try
            {
                using JsonDocument document = JsonDocument.Parse(policy);
            }
            catch (JsonException)
            {
                throw new AwsServiceException("MalformedPolicyDocument", "The policy is not in the valid JSON format.", 400);
            }
        }

        /// <summary>
        /// How full, in percent, the packed session policies and tags are: STS answers PackedPolicySize when a call
        /// passes any. The sandbox measures their plain text against the 2,048 characters the API reference allows.
        /// </summary>
        private static int? PackedPolicySize(AwsRequest request)
        {
            int characters = request.Parameters
                .Where(p => p.Key == "Policy" || p.Key.StartsWith("PolicyArns.", StringComparison.Ordinal) || p.Key.StartsWith("Tags.", StringComparison.Ordinal))
                .Sum(p => p.Value.Length);
            return characters == 0 ? null : Math.Max(1, Math.Min(100, characters * 100 / 2048));
        }
    }
}
