using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Xml.Linq;
using InstanceProfileTools.Sandbox.Protocol;
using InstanceProfileTools.Sandbox.State;

namespace InstanceProfileTools.Sandbox.Iam
{
    /// <summary>The role actions: enough for runbooks and tests to make roles to put in profiles.</summary>
    public sealed partial class IamService
    {
        private IEnumerable<XElement> CreateRole(AwsRequest request)
        {
            var validator = new IamValidator();
            string name = validator.Required(request.Get("RoleName"), "roleName");
            validator.Name(name, "roleName", 64);
            string path = request.Get("Path") ?? "/";
            validator.Path(path);
            string policy = validator.Required(request.Get("AssumeRolePolicyDocument"), "assumeRolePolicyDocument");
            validator.PolicyDocument(policy, "assumeRolePolicyDocument");
            string? description = request.Get("Description");
            validator.Description(description);
            int? maxSession = validator.Integer(request.Get("MaxSessionDuration"), "maxSessionDuration", 3600, 43200);
            List<(string Key, string Value)> tags = ReadTags(request);
            validator.Tags(tags, "tags");
            validator.ThrowIfInvalid();
            RefuseDuplicateKeys(tags.Select(t => t.Key));
            RefuseMalformedJson(policy);
            if (State.Roles.ContainsKey(name))
            {
                throw IamErrors.RoleExists(name);
            }

            DateTimeOffset now = Now;
            var role = new RoleEntity
            {
                RoleName = name,
                Path = path,
                RoleId = IdGenerator.IamId("AROA"),
                Arn = $"arn:aws:iam::{_accountId}:role{path}{name}",
                CreateDate = now,
                VisibleAt = now + SandboxStore.Ms(_store.Settings.Consistency.RolePropagationMs),
                AssumeRolePolicyDocument = policy,
                Description = description,
                MaxSessionDuration = maxSession ?? 3600,
                Tags = ToEntities(tags),
            };
            State.Roles[name] = role;
            yield return IamXml.Role(role, RoleView.Created);
        }

        private IEnumerable<XElement> GetRole(AwsRequest request)
        {
            RoleEntity role = FindRole(RequiredName(request, "RoleName", "roleName", 64));
            yield return IamXml.Role(role, RoleView.Got);
        }

        /// <summary>
        /// Replaces the role's trust policy (botocore's iam model: RoleName and PolicyDocument required; NoSuchEntity,
        /// MalformedPolicyDocument). No answer but the metadata, as for every IAM call without output. EC2 and STS read
        /// the new policy from the next request on: a trust fix shows at once in the instance's metadata view.
        /// </summary>
        private IEnumerable<XElement>? UpdateAssumeRolePolicy(AwsRequest request)
        {
            var validator = new IamValidator();
            string name = validator.Required(request.Get("RoleName"), "roleName");
            validator.Name(name, "roleName", 64);
            string policy = validator.Required(request.Get("PolicyDocument"), "policyDocument");
            validator.PolicyDocument(policy, "policyDocument");
            validator.ThrowIfInvalid();
            RefuseMalformedJson(policy);
            FindRole(name).AssumeRolePolicyDocument = policy;
            return null;
        }

        private IEnumerable<XElement>? DeleteRole(AwsRequest request)
        {
            RoleEntity role = FindRole(RequiredName(request, "RoleName", "roleName", 64));
            if (State.InstanceProfiles.Values.Any(p => p.RoleNames.Contains(role.RoleName, StringComparer.OrdinalIgnoreCase)))
            {
                throw IamErrors.MustRemoveRoles();
            }

            State.Roles.Remove(role.RoleName);
            return null;
        }

        private IEnumerable<XElement> ListRoles(AwsRequest request)
        {
            var validator = new IamValidator();
            string? prefix = request.Get("PathPrefix");
            validator.PathPrefix(prefix);
            int pageSize = PageSize(validator, request);
            validator.ThrowIfInvalid();
            var (items, next) = Paging.Page(
                State.Roles.Values
                    .Where(r => prefix == null || r.Path.StartsWith(prefix, StringComparison.Ordinal))
                    .OrderBy(r => SortKey(r.RoleName), StringComparer.Ordinal),
                r => SortKey(r.RoleName),
                request.Get("Marker"),
                pageSize,
                IamErrors.InvalidMarker);
            yield return IamXml.Members("Roles", items.Select(r => IamXml.Role(r, RoleView.Listed)));
            foreach (XElement element in IamXml.PageEnd(next))
            {
                yield return element;
            }
        }

        private static void RefuseMalformedJson(string policy)
        {
            try
            {
                using JsonDocument document = JsonDocument.Parse(policy);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw IamErrors.MalformedPolicy();
                }
            }
            catch (JsonException)
            {
                throw IamErrors.MalformedPolicy();
            }
        }
    }
}
