using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using InstanceProfileTools.Sandbox.Settings;

namespace InstanceProfileTools.Sandbox.Permissions
{
    /// <summary>Reads the permissions settings: which calls a caller's account is refused.</summary>
    public static class PermissionRules
    {
        /// <summary>Passing a role to a service: AssociateIamInstanceProfile, Replace..., RunInstances, AddRoleToInstanceProfile.</summary>
        public const string PassRole = "iam:PassRole";

        /// <summary>Reading an encoded authorization failure message.</summary>
        public const string DecodeAuthorizationMessage = "sts:DecodeAuthorizationMessage";

        private static readonly Regex s_accountId = new Regex("^[0-9]{12}\\z", RegexOptions.CultureInvariant);

        /// <summary>Whether callers of <paramref name="accountId"/> may not pass the role (its name and ARN).</summary>
        public static bool DeniesPassRole(PermissionSettings permissions, string accountId, string roleName, string roleArn) =>
            Applicable(permissions, PassRole, accountId).Any(d => d.Roles == null || d.Roles.Any(r =>
                string.Equals(r, roleName, StringComparison.OrdinalIgnoreCase) || string.Equals(r, roleArn, StringComparison.OrdinalIgnoreCase)));

        /// <summary>Whether callers of <paramref name="accountId"/> may not decode authorization messages.</summary>
        public static bool DeniesDecode(PermissionSettings permissions, string accountId) =>
            Applicable(permissions, DecodeAuthorizationMessage, accountId).Any();

        /// <summary>What is wrong with the permissions settings, one line per problem.</summary>
        public static IEnumerable<string> Problems(PermissionSettings permissions)
        {
            for (int i = 0; i < permissions.Deny.Count; i++)
            {
                PermissionDeny deny = permissions.Deny[i];
                string name = $"permissions.deny[{i}]";
                bool passRole = Is(deny, PassRole);
                if (!passRole && !Is(deny, DecodeAuthorizationMessage))
                {
                    yield return $"{name}.action must be {PassRole} or {DecodeAuthorizationMessage}";
                }

                if (deny.Account != null && !s_accountId.IsMatch(deny.Account))
                {
                    yield return $"{name}.account must be 12 digits";
                }

                if (deny.Roles != null && !passRole)
                {
                    yield return $"{name}.roles applies to {PassRole} only";
                }

                if (deny.Roles != null && deny.Roles.Any(string.IsNullOrWhiteSpace))
                {
                    yield return $"{name}.roles must hold role names or ARNs, not empty strings";
                }
            }
        }

        private static IEnumerable<PermissionDeny> Applicable(PermissionSettings permissions, string action, string accountId) =>
            permissions.Deny.Where(d => Is(d, action) && (d.Account == null || d.Account == accountId));

        private static bool Is(PermissionDeny deny, string action) => string.Equals(deny.Action, action, StringComparison.OrdinalIgnoreCase);
    }
}
