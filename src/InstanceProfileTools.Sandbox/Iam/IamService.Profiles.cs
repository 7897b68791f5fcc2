using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;
using InstanceProfileTools.Sandbox.Identity;
using InstanceProfileTools.Sandbox.Permissions;
using InstanceProfileTools.Sandbox.Protocol;
using InstanceProfileTools.Sandbox.State;

namespace InstanceProfileTools.Sandbox.Iam
{
    /// <summary>The instance-profile actions.</summary>
    public sealed partial class IamService
    {
        private IEnumerable<XElement> CreateInstanceProfile(AwsRequest request)
        {
            var validator = new IamValidator();
            string name = validator.Required(request.Get("InstanceProfileName"), "instanceProfileName");
            validator.Name(name, "instanceProfileName", 128);
            string path = request.Get("Path") ?? "/";
            validator.Path(path);
            List<(string Key, string Value)> tags = ReadTags(request);
            validator.Tags(tags, "tags");
            validator.ThrowIfInvalid();
            RefuseDuplicateKeys(tags.Select(t => t.Key));
            if (State.InstanceProfiles.ContainsKey(name))
            {
                throw IamErrors.ProfileExists(name);
            }

            DateTimeOffset now = Now;
            var profile = new InstanceProfileEntity
            {
                InstanceProfileName = name,
                Path = path,
                InstanceProfileId = IdGenerator.IamId("AIPA"),
                Arn = $"arn:aws:iam::{_accountId}:instance-profile{path}{name}",
                CreateDate = now,
                VisibleToEc2At = now + SandboxStore.Ms(_store.Settings.Consistency.ProfilePropagationMs),
                RolesVisibleToEc2At = now,
                Tags = ToEntities(tags),
            };
            State.InstanceProfiles[name] = profile;
            // CreateInstanceProfile shows Tags only when some were given; GetInstanceProfile always does.
            yield return IamXml.Profile(profile, Array.Empty<RoleEntity>(), withTags: profile.Tags.Count > 0);
        }

        private IEnumerable<XElement>? DeleteInstanceProfile(AwsRequest request)
        {
            InstanceProfileEntity profile = FindProfile(RequiredName(request, "InstanceProfileName", "instanceProfileName", 128));
            if (profile.RoleNames.Count > 0)
            {
                throw IamErrors.MustRemoveRoles();
            }

            State.InstanceProfiles.Remove(profile.InstanceProfileName);
            return null;
        }

        private IEnumerable<XElement> GetInstanceProfile(AwsRequest request)
        {
            string name = RequiredName(request, "InstanceProfileName", "instanceProfileName", 128);
            InstanceProfileEntity profile = FindProfile(name);
            if (_store.Settings.Consistency.FlappingReads && Now < profile.VisibleToEc2At)
            {
                // Seen, then not seen: while the new profile propagates, every second read misses it.
                int read = profile.IamReadsWhilePropagating++;
                if (read % 2 == 1)
                {
                    throw IamErrors.NoSuchProfile(name);
                }
            }

            yield return IamXml.Profile(profile, RolesOf(profile), withTags: true);
        }

        private IEnumerable<XElement> ListInstanceProfiles(AwsRequest request)
        {
            var validator = new IamValidator();
            string? prefix = request.Get("PathPrefix");
            validator.PathPrefix(prefix);
            int pageSize = PageSize(validator, request);
            validator.ThrowIfInvalid();
            IEnumerable<InstanceProfileEntity> matching = State.InstanceProfiles.Values
                .Where(p => prefix == null || p.Path.StartsWith(prefix, StringComparison.Ordinal));
            return ProfilePage(matching, request.Get("Marker"), pageSize);
        }

        private IEnumerable<XElement> ListInstanceProfilesForRole(AwsRequest request)
        {
            var validator = new IamValidator();
            string roleName = validator.Required(request.Get("RoleName"), "roleName");
            validator.Name(roleName, "roleName", 64);
            int pageSize = PageSize(validator, request);
            validator.ThrowIfInvalid();
            RoleEntity role = FindRole(roleName);
            IEnumerable<InstanceProfileEntity> matching = State.InstanceProfiles.Values
                .Where(p => p.RoleNames.Contains(role.RoleName, StringComparer.OrdinalIgnoreCase));
            return ProfilePage(matching, request.Get("Marker"), pageSize);
        }

        private IEnumerable<XElement> ProfilePage(IEnumerable<InstanceProfileEntity> matching, string? marker, int pageSize)
        {
            var (items, next) = Paging.Page(
                matching.OrderBy(p => SortKey(p.InstanceProfileName), StringComparer.Ordinal),
                p => SortKey(p.InstanceProfileName),
                marker,
                pageSize,
                IamErrors.InvalidMarker);
            yield return IamXml.Members("InstanceProfiles", items.Select(p => IamXml.Profile(p, RolesOf(p), withTags: false)));
            foreach (XElement element in IamXml.PageEnd(next))
            {
                yield return element;
            }
        }

        private IEnumerable<XElement>? AddRoleToInstanceProfile(AwsRequest request)
        {
            var (profileName, roleName) = ProfileAndRole(request);
            RefuseUnpassableRole(request, roleName);
            InstanceProfileEntity profile = FindProfile(profileName);
            RoleEntity role = FindRole(roleName);
            DateTimeOffset now = Now;
            if (now < role.VisibleAt)
            {
                // A role created a moment ago is not yet known to this call (IAM's eventual consistency).
                throw IamErrors.NoSuchRole(roleName);
            }

            if (profile.RoleNames.Count > 0)
            {
                throw IamErrors.OneRolePerProfile();
            }

            ChangeRoles(profile, new List<string> { role.RoleName }, now);
            return null;
        }

        private IEnumerable<XElement>? RemoveRoleFromInstanceProfile(AwsRequest request)
        {
            var (profileName, roleName) = ProfileAndRole(request);
            InstanceProfileEntity profile = FindProfile(profileName);
            FindRole(roleName);
            if (!profile.RoleNames.Contains(roleName, StringComparer.OrdinalIgnoreCase))
            {
                throw IamErrors.RoleNotInProfile(roleName, profileName);
            }

            ChangeRoles(profile, profile.RoleNames.Where(n => !string.Equals(n, roleName, StringComparison.OrdinalIgnoreCase)).ToList(), now: Now);
            return null;
        }

        /// <summary>
        /// AccessDenied when the caller may not pass the role (the permissions settings' iam:PassRole). IAM authorizes
        /// before it looks anything up, so a role that does not exist is refused too, by the ARN its name makes.
        /// </summary>
        private void RefuseUnpassableRole(AwsRequest request, string roleName)
        {
            if (PermissionRules.DeniedPassRole(_store.Settings.Permissions, State, _accountId, roleName) is (_, string arn))
            {
                throw AuthorizationRefusals.IamPassRole(request.Caller ?? CallerIdentity.User(_accountId), arn);
            }
        }

        /// <summary>Changes the role set; EC2 keeps seeing what it saw until roleOnProfilePropagationMs has passed.</summary>
        private void ChangeRoles(InstanceProfileEntity profile, List<string> roleNames, DateTimeOffset now)
        {
            profile.PreviousRoleNames = now < profile.RolesVisibleToEc2At ? profile.PreviousRoleNames : profile.RoleNames;
            profile.RoleNames = roleNames;
            profile.RolesVisibleToEc2At = now + SandboxStore.Ms(_store.Settings.Consistency.RoleOnProfilePropagationMs);
        }

        private static (string Profile, string Role) ProfileAndRole(AwsRequest request)
        {
            var validator = new IamValidator();
            string profileName = validator.Required(request.Get("InstanceProfileName"), "instanceProfileName");
            validator.Name(profileName, "instanceProfileName", 128);
            string roleName = validator.Required(request.Get("RoleName"), "roleName");
            validator.Name(roleName, "roleName", 64);
            validator.ThrowIfInvalid();
            return (profileName, roleName);
        }

        private static string RequiredName(AwsRequest request, string parameter, string wireName, int maxLength)
        {
            var validator = new IamValidator();
            string name = validator.Required(request.Get(parameter), wireName);
            validator.Name(name, wireName, maxLength);
            validator.ThrowIfInvalid();
            return name;
        }
    }
}
