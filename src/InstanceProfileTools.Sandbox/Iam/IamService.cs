using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;
using InstanceProfileTools.Sandbox.Protocol;
using InstanceProfileTools.Sandbox.State;

namespace InstanceProfileTools.Sandbox.Iam
{
    /// <summary>IAM's actions in one account. Every method runs with <see cref="SandboxStore.Sync"/> held by the caller.</summary>
    public sealed partial class IamService
    {
        /// <summary>The API version IAM's requests name.</summary>
        public const string ApiVersion = "2010-05-08";

        /// <summary>The actions this service answers.</summary>
        public static readonly IReadOnlyCollection<string> Actions = new[]
        {
            "CreateInstanceProfile", "DeleteInstanceProfile", "GetInstanceProfile", "ListInstanceProfiles",
            "ListInstanceProfilesForRole", "AddRoleToInstanceProfile", "RemoveRoleFromInstanceProfile",
            "TagInstanceProfile", "UntagInstanceProfile", "ListInstanceProfileTags",
            "CreateRole", "GetRole", "DeleteRole", "ListRoles", "UpdateAssumeRolePolicy",
        };

        private readonly SandboxStore _store;
        private readonly string _accountId;

        /// <summary>Creates the service over one account's IAM in the store (IAM is global: no region).</summary>
        public IamService(SandboxStore store, string accountId)
        {
            _store = store;
            _accountId = accountId;
        }

        private AccountState State => _store.State.Account(_accountId);

        private DateTimeOffset Now => _store.Clock.UtcNow;

        /// <summary>Answers one call: the response document, or an <see cref="AwsServiceException"/>.</summary>
        public XElement Handle(AwsRequest request)
        {
            IEnumerable<XElement>? result = request.Action switch
            {
                "CreateInstanceProfile" => CreateInstanceProfile(request),
                "DeleteInstanceProfile" => DeleteInstanceProfile(request),
                "GetInstanceProfile" => GetInstanceProfile(request),
                "ListInstanceProfiles" => ListInstanceProfiles(request),
                "ListInstanceProfilesForRole" => ListInstanceProfilesForRole(request),
                "AddRoleToInstanceProfile" => AddRoleToInstanceProfile(request),
                "RemoveRoleFromInstanceProfile" => RemoveRoleFromInstanceProfile(request),
                "TagInstanceProfile" => TagInstanceProfile(request),
                "UntagInstanceProfile" => UntagInstanceProfile(request),
                "ListInstanceProfileTags" => ListInstanceProfileTags(request),
                "CreateRole" => CreateRole(request),
                "GetRole" => GetRole(request),
                "DeleteRole" => DeleteRole(request),
                "ListRoles" => ListRoles(request),
                "UpdateAssumeRolePolicy" => UpdateAssumeRolePolicy(request),
                _ => throw IamErrors.UnknownOperation(request.Action, ApiVersion),
            };
            return IamXml.Response(request.Action, request.RequestId, result);
        }

        private InstanceProfileEntity FindProfile(string name) =>
            State.InstanceProfiles.TryGetValue(name, out InstanceProfileEntity? profile) ? profile : throw IamErrors.NoSuchProfile(name);

        private RoleEntity FindRole(string name) =>
            State.Roles.TryGetValue(name, out RoleEntity? role) ? role : throw IamErrors.NoSuchRole(name);

        private IEnumerable<RoleEntity> RolesOf(InstanceProfileEntity profile) =>
            profile.RoleNames.Select(n => State.Roles.TryGetValue(n, out RoleEntity? r) ? r : null).OfType<RoleEntity>();

        private static string SortKey(string name) => name.ToUpperInvariant();

        /// <summary>MaxItems (1 to 1000, default 100), checking Marker's model length (1 to 320) on the way.</summary>
        private static int PageSize(IamValidator validator, AwsRequest request)
        {
            validator.Length(request.Get("Marker"), "marker", 1, 320);
            return validator.Integer(request.Get("MaxItems"), "maxItems", 1, 1000) ?? 100;
        }

        private static List<(string Key, string Value)> ReadTags(AwsRequest request)
        {
            var tags = new List<(string Key, string Value)>();
            int count = request.CountStructures("Tags.member.", "Key");
            for (int i = 1; i <= count; i++)
            {
                tags.Add((request.Get($"Tags.member.{i}.Key")!, request.Get($"Tags.member.{i}.Value") ?? ""));
            }

            return tags;
        }

        private static void RefuseDuplicateKeys(IEnumerable<string> keys)
        {
            if (keys.GroupBy(k => k, StringComparer.OrdinalIgnoreCase).Any(g => g.Count() > 1))
            {
                throw IamErrors.DuplicateTagKeys();
            }
        }

        private static List<TagEntity> ToEntities(IEnumerable<(string Key, string Value)> tags) =>
            tags.Select(t => new TagEntity { Key = t.Key, Value = t.Value }).ToList();
    }
}
