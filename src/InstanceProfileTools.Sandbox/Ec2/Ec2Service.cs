using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using InstanceProfileTools.Sandbox.Identity;
using InstanceProfileTools.Sandbox.Permissions;
using InstanceProfileTools.Sandbox.Protocol;
using InstanceProfileTools.Sandbox.Settings;
using InstanceProfileTools.Sandbox.State;

namespace InstanceProfileTools.Sandbox.Ec2
{
    /// <summary>EC2's actions in one account and region. Every method runs with <see cref="SandboxStore.Sync"/> held by the caller.</summary>
    public sealed partial class Ec2Service
    {
        /// <summary>The actions this service answers.</summary>
        public static readonly IReadOnlyCollection<string> Actions = new[]
        {
            "AssociateIamInstanceProfile", "DescribeIamInstanceProfileAssociations", "DisassociateIamInstanceProfile",
            "ReplaceIamInstanceProfileAssociation", "RunInstances", "DescribeInstances", "StopInstances",
            "StartInstances", "TerminateInstances", "DescribeRegions", "CreateTags", "DeleteTags",
            "CreateLaunchTemplate", "CreateLaunchTemplateVersion", "DescribeLaunchTemplates", "DescribeLaunchTemplateVersions",
            "ModifyLaunchTemplate",
        };

        /// <summary>The most values EC2 takes in one filter, or in one id list, on a single call.</summary>
        public const int MaxFilterValues = 200;

        private static readonly Regex s_instanceId = new Regex("^i-([0-9a-f]{8}|[0-9a-f]{17})\\z", RegexOptions.CultureInvariant);
        private static readonly Regex s_associationId = new Regex("^iip-assoc-([0-9a-f]{8}|[0-9a-f]{17})\\z", RegexOptions.CultureInvariant);

        private readonly SandboxStore _store;
        private readonly string _accountId;
        private readonly string _region;

        /// <summary>Creates the service over one account's EC2 in one region (it sees that account's IAM, which is global).</summary>
        public Ec2Service(SandboxStore store, string accountId, string region)
        {
            _store = store;
            _accountId = accountId;
            _region = region;
        }

        private RegionState State => Account.Region(_region);

        private AccountState Account => _store.State.Account(_accountId);

        private ConsistencySettings Consistency => _store.Settings.Consistency;

        private DateTimeOffset Now => _store.Clock.UtcNow;

        /// <summary>
        /// Answers one call: the response document, or an <see cref="AwsServiceException"/>.
        /// <paramref name="stuck"/>: associations this call creates never leave associating (a fault rule).
        /// </summary>
        public XElement Handle(AwsRequest request, bool stuck)
        {
            if (string.Equals(request.Get("DryRun"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new AwsServiceException("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", 412);
            }

            IEnumerable<XElement> members = request.Action switch
            {
                "AssociateIamInstanceProfile" => Associate(request, stuck),
                "DescribeIamInstanceProfileAssociations" => DescribeAssociations(request),
                "DisassociateIamInstanceProfile" => Disassociate(request),
                "ReplaceIamInstanceProfileAssociation" => Replace(request, stuck),
                "RunInstances" => RunInstances(request, stuck),
                "DescribeInstances" => DescribeInstances(request),
                "StopInstances" => StopInstances(request),
                "StartInstances" => StartInstances(request),
                "TerminateInstances" => TerminateInstances(request),
                "DescribeRegions" => DescribeRegions(request),
                "CreateTags" => CreateTags(request),
                "DeleteTags" => DeleteTags(request),
                "CreateLaunchTemplate" => CreateLaunchTemplate(request),
                "CreateLaunchTemplateVersion" => CreateLaunchTemplateVersion(request),
                "DescribeLaunchTemplates" => DescribeLaunchTemplates(request),
                "DescribeLaunchTemplateVersions" => DescribeLaunchTemplateVersions(request),
                "ModifyLaunchTemplate" => ModifyLaunchTemplate(request),
                _ => throw new AwsServiceException("InvalidAction", $"The action {request.Action} is not valid for this web service.", 400),
            };
            return Ec2Xml.Response(request.Action, request.RequestId, members.ToList());
        }

        /// <summary>
        /// The profile named by IamInstanceProfile.Name or .Arn as EC2 sees it now: unknown while it propagates,
        /// with the role set it had until a role change has propagated.
        /// </summary>
        private InstanceProfileEntity ResolveProfile(AwsRequest request, bool identityVariantAllowed) =>
            ResolveProfile(request.Get("IamInstanceProfile.Arn"), request.Get("IamInstanceProfile.Name"), identityVariantAllowed);

        /// <summary>The profile of this ARN or (without one) name, as EC2 sees it now; see the overload on the request.</summary>
        private InstanceProfileEntity ResolveProfile(string? arn, string? name, bool identityVariantAllowed)
        {
            if (arn == null && name == null)
            {
                throw Ec2Errors.Missing("IamInstanceProfile");
            }

            string parameter = arn != null ? "iamInstanceProfile.arn" : "iamInstanceProfile.name";
            string given = arn ?? name!;
            var unknown = Ec2Errors.InvalidValue($"Value ({given}) for parameter {parameter} is invalid. Invalid IAM Instance Profile {(arn != null ? "ARN" : "name")}");
            InstanceProfileEntity? profile = arn != null
                ? Account.FindProfileByArn(arn)
                : Account.InstanceProfiles.TryGetValue(name!, out InstanceProfileEntity? byName) ? byName : null;
            if (profile == null)
            {
                throw unknown;
            }

            DateTimeOffset now = Now;
            if (now < profile.VisibleToEc2At && !SeenWhileFlapping(profile))
            {
                int rejection = profile.Ec2RejectionsWhilePropagating++;
                if (identityVariantAllowed && Consistency.IdentityNotFoundVariant && rejection % 2 == 1)
                {
                    throw Ec2Errors.IncorrectState(
                        $"ResultDetail: {{ Code=InstanceIdentityProfileNotFound, Message=InstanceIdentityProfile not found for the key: {_accountId}/{profile.InstanceProfileName} }}");
                }

                throw unknown;
            }

            if (profile.RolesSeenByEc2(now).Count == 0)
            {
                throw Ec2Errors.InvalidValue($"IAM Instance Profile \"{profile.Arn}\" has no associated IAM Roles");
            }

            return profile;
        }

        /// <summary>
        /// UnauthorizedOperation when the caller may not pass the role the profile gives the instance (the permissions
        /// settings' iam:PassRole): EC2 authorizes it once it knows the role (EVIDENCE row 28).
        /// </summary>
        private void RefuseUnpassableRole(AwsRequest request, InstanceProfileEntity profile)
        {
            if (PermissionRules.DeniedPassRole(_store.Settings.Permissions, Account, _accountId, profile.RolesSeenByEc2(Now)[0]) is (string name, string arn))
            {
                throw AuthorizationRefusals.Ec2PassRole(_store.AuthorizationMessages, request.Caller ?? CallerIdentity.User(_accountId), _region, name, arn);
            }
        }

        /// <summary>With flapping reads, EC2 alternates not found / found while a profile propagates.</summary>
        private bool SeenWhileFlapping(InstanceProfileEntity profile) =>
            Consistency.FlappingReads && profile.Ec2LookupsWhilePropagating++ % 2 == 1;

        private AssociationEntity NewAssociation(string instanceId, InstanceProfileEntity profile, bool stuck, DateTimeOffset now, string? replaces = null)
        {
            DateTimeOffset associatedAt = now + SandboxStore.Ms(Consistency.AssociatingMs);
            var association = new AssociationEntity
            {
                AssociationId = IdGenerator.Ec2Id("iip-assoc-"),
                InstanceId = instanceId,
                InstanceProfileArn = profile.Arn,
                InstanceProfileId = profile.InstanceProfileId,
                CreatedAt = now,
                CreatedSeq = NextSequence(),
                AssociatedAt = associatedAt,
                CredentialsFrom = associatedAt + SandboxStore.Ms(Consistency.CredentialRefreshMs),
                ReplacesAssociationId = replaces,
                Stuck = stuck,
            };
            State.AddAssociation(association);
            return association;
        }

        /// <summary>The next event sequence number: one sequence across the sandbox, so the timeline orders every region.</summary>
        private long NextSequence() => _store.State.NextSequence();

        private InstanceEntity FindInstance(string? instanceId)
        {
            if (instanceId == null)
            {
                throw Ec2Errors.Missing("InstanceId");
            }

            if (!s_instanceId.IsMatch(instanceId))
            {
                throw Ec2Errors.MalformedInstanceId(instanceId);
            }

            return State.Instances.TryGetValue(instanceId, out InstanceEntity? instance)
                ? instance
                : throw Ec2Errors.InstancesNotFound(new[] { instanceId });
        }

        /// <summary>The instances with these ids: Malformed for the first bad shape, NotFound naming all unknown ones.</summary>
        private List<InstanceEntity> FindInstances(IReadOnlyList<string> instanceIds)
        {
            foreach (string id in instanceIds.Where(id => !s_instanceId.IsMatch(id)))
            {
                throw Ec2Errors.MalformedInstanceId(id);
            }

            List<string> missing = instanceIds.Where(id => !State.Instances.ContainsKey(id)).Distinct().ToList();
            if (missing.Count > 0)
            {
                throw Ec2Errors.InstancesNotFound(missing);
            }

            return instanceIds.Distinct().Select(id => State.Instances[id]).ToList();
        }

        /// <summary>A page size within EC2's bounds, or null when not given.</summary>
        private static int? MaxResults(AwsRequest request)
        {
            string? value = request.Get("MaxResults");
            if (value == null)
            {
                return null;
            }

            if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int number) || number < 5)
            {
                // EC2's own wording, though 5 itself is accepted.
                throw Ec2Errors.InvalidValue($"Value ( {value} ) for parameter maxResults is invalid. Expecting a value greater than 5.");
            }

            if (number > 1000)
            {
                throw Ec2Errors.InvalidValue($"Value ( {value} ) for parameter maxResults is invalid. Expecting a value smaller than or equal to 1000.");
            }

            return number;
        }

        /// <summary>
        /// Filter.N.Name / Filter.N.Value.M, names checked against those the action supports; a supported name ending
        /// in ':' (tag:) admits every name it begins (tag:Name, tag:aws:autoscaling:groupName).
        /// </summary>
        private static Dictionary<string, HashSet<string>> Filters(AwsRequest request, params string[] supported)
        {
            var filters = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            for (int i = 1; request.Get($"Filter.{i}.Name") is string name; i++)
            {
                if (!supported.Any(s => s == name || (s.EndsWith(':') && name.Length > s.Length && name.StartsWith(s, StringComparison.Ordinal))))
                {
                    throw Ec2Errors.InvalidValue($"The filter '{name}' is invalid");
                }

                if (!filters.TryGetValue(name, out HashSet<string>? values))
                {
                    values = new HashSet<string>(StringComparer.Ordinal);
                    filters[name] = values;
                }

                values.UnionWith(WithinFilterLimit(request.GetList($"Filter.{i}.Value")));
            }

            return filters;
        }

        /// <summary>The values, or FilterLimitExceeded when there are more than EC2 takes.</summary>
        private static List<string> WithinFilterLimit(List<string> values) =>
            values.Count > MaxFilterValues ? throw Ec2Errors.FilterLimitExceeded() : values;

        private static bool Passes(Dictionary<string, HashSet<string>> filters, string name, string value) =>
            !filters.TryGetValue(name, out HashSet<string>? values) || values.Contains(value);

        private static string SequenceKey(long sequence) => sequence.ToString("D19", CultureInfo.InvariantCulture);

        private static AwsServiceException InvalidNextToken() =>
            Ec2Errors.InvalidValue("The nextToken is invalid.");
    }
}
