using System.Collections.Generic;
using System.Linq;

namespace InstanceProfileTools.Core.Diagnostics
{
    /// <summary>
    /// One AWS API call as logs and errors describe it: the service, the action and the names or ids it
    /// concerns, in order (never a secret, never a policy document).
    /// </summary>
    public sealed record AwsCall(string Service, string Action, IReadOnlyList<KeyValuePair<string, string>> Ids)
    {
        public static AwsCall Iam(string action, params (string Name, string? Value)[] ids) => Create("iam", action, ids);

        public static AwsCall Ec2(string action, params (string Name, string? Value)[] ids) => Create("ec2", action, ids);

        public static AwsCall Sts(string action, params (string Name, string? Value)[] ids) => Create("sts", action, ids);

        /// <summary>The value of one id, such as <c>RoleName</c>; null when the call has none.</summary>
        public string? Id(string name) => Ids.FirstOrDefault(id => id.Key == name).Value;

        /// <summary>What the call concerns: its first id's value.</summary>
        public string? Target => Ids.Count == 0 ? null : Ids[0].Value;

        /// <summary><c>IAM AddRoleToInstanceProfile InstanceProfileName=web RoleName=web-role</c>.</summary>
        public override string ToString()
        {
            string ids = string.Join(" ", Ids.Select(id => id.Key + "=" + id.Value));
            return ids.Length == 0 ? $"{Service.ToUpperInvariant()} {Action}" : $"{Service.ToUpperInvariant()} {Action} {ids}";
        }

        private static AwsCall Create(string service, string action, (string Name, string? Value)[] ids) =>
            new(service, action, ids.Where(id => !string.IsNullOrEmpty(id.Value))
                .Select(id => new KeyValuePair<string, string>(id.Name, id.Value!))
                .ToList());
    }
}
