using System.Collections.Generic;
using System.Globalization;
using InstanceProfileTools.Core.Diagnostics;
using InstanceProfileTools.Core.Model;

namespace InstanceProfileTools.Core.Iam
{
    /// <summary>
    /// The form fields of each IAM operation, with the model's wire names: optional members are left out when
    /// unset, lists are flattened as <c>Name.member.N</c> (1-based), tags as <c>Tags.member.N.Key</c>/<c>.Value</c>.
    /// </summary>
    internal static class IamRequests
    {
        public static IamQueryRequest CreateInstanceProfile(string name, string? path, IReadOnlyList<Tag>? tags)
        {
            var fields = new Fields { { "InstanceProfileName", name }, { "Path", path } };
            fields.AddTags("Tags", tags);
            return Request("CreateInstanceProfile", fields, ("InstanceProfileName", name));
        }

        public static IamQueryRequest DeleteInstanceProfile(string name) =>
            Request("DeleteInstanceProfile", new Fields { { "InstanceProfileName", name } }, ("InstanceProfileName", name));

        public static IamQueryRequest GetInstanceProfile(string name) =>
            Request("GetInstanceProfile", new Fields { { "InstanceProfileName", name } }, ("InstanceProfileName", name));

        public static IamQueryRequest ListInstanceProfiles(string? pathPrefix, string? marker, int? maxItems) =>
            Request("ListInstanceProfiles", Paged(new Fields { { "PathPrefix", pathPrefix } }, marker, maxItems), ("PathPrefix", pathPrefix));

        public static IamQueryRequest ListInstanceProfilesForRole(string roleName, string? marker, int? maxItems) =>
            Request("ListInstanceProfilesForRole", Paged(new Fields { { "RoleName", roleName } }, marker, maxItems), ("RoleName", roleName));

        public static IamQueryRequest AddRoleToInstanceProfile(string profileName, string roleName) =>
            Request("AddRoleToInstanceProfile", new Fields { { "InstanceProfileName", profileName }, { "RoleName", roleName } },
                ("InstanceProfileName", profileName), ("RoleName", roleName));

        public static IamQueryRequest RemoveRoleFromInstanceProfile(string profileName, string roleName) =>
            Request("RemoveRoleFromInstanceProfile", new Fields { { "InstanceProfileName", profileName }, { "RoleName", roleName } },
                ("InstanceProfileName", profileName), ("RoleName", roleName));

        public static IamQueryRequest TagInstanceProfile(string name, IReadOnlyList<Tag> tags)
        {
            var fields = new Fields { { "InstanceProfileName", name } };
            fields.AddTags("Tags", tags);
            return Request("TagInstanceProfile", fields, ("InstanceProfileName", name));
        }

        public static IamQueryRequest UntagInstanceProfile(string name, IReadOnlyList<string> tagKeys)
        {
            var fields = new Fields { { "InstanceProfileName", name } };
            fields.AddList("TagKeys", tagKeys);
            return Request("UntagInstanceProfile", fields, ("InstanceProfileName", name));
        }

        public static IamQueryRequest ListInstanceProfileTags(string name, string? marker, int? maxItems) =>
            Request("ListInstanceProfileTags", Paged(new Fields { { "InstanceProfileName", name } }, marker, maxItems), ("InstanceProfileName", name));

        public static IamQueryRequest GetRole(string roleName) =>
            Request("GetRole", new Fields { { "RoleName", roleName } }, ("RoleName", roleName));

        public static IamQueryRequest CreateRole(string roleName, string assumeRolePolicyDocument, string? path) =>
            Request("CreateRole", new Fields { { "RoleName", roleName }, { "AssumeRolePolicyDocument", assumeRolePolicyDocument }, { "Path", path } },
                ("RoleName", roleName));

        public static IamQueryRequest DeleteRole(string roleName) =>
            Request("DeleteRole", new Fields { { "RoleName", roleName } }, ("RoleName", roleName));

        public static IamQueryRequest ListRoles(string? pathPrefix, string? marker, int? maxItems) =>
            Request("ListRoles", Paged(new Fields { { "PathPrefix", pathPrefix } }, marker, maxItems), ("PathPrefix", pathPrefix));

        private static Fields Paged(Fields fields, string? marker, int? maxItems)
        {
            fields.Add("Marker", marker);
            fields.Add("MaxItems", maxItems?.ToString(CultureInfo.InvariantCulture));
            return fields;
        }

        private static IamQueryRequest Request(string action, Fields fields, params (string Name, string? Value)[] ids) =>
            new(AwsCall.Iam(action, ids), fields.Items);

        /// <summary>Form fields in order; an unset (null) optional member is not sent.</summary>
        private sealed class Fields : IEnumerable<KeyValuePair<string, string>>
        {
            public List<KeyValuePair<string, string>> Items { get; } = new();

            public void Add(string name, string? value)
            {
                if (value != null)
                {
                    Items.Add(new KeyValuePair<string, string>(name, value));
                }
            }

            public void AddList(string name, IReadOnlyList<string> values)
            {
                for (int i = 0; i < values.Count; i++)
                {
                    Add($"{name}.member.{i + 1}", values[i]);
                }
            }

            public void AddTags(string name, IReadOnlyList<Tag>? tags)
            {
                for (int i = 0; tags != null && i < tags.Count; i++)
                {
                    Add($"{name}.member.{i + 1}.Key", tags[i].Key);
                    Add($"{name}.member.{i + 1}.Value", tags[i].Value);
                }
            }

            public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => Items.GetEnumerator();

            System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
        }
    }
}
