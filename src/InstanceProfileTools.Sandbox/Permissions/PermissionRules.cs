using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using InstanceProfileTools.Sandbox.Settings;
using InstanceProfileTools.Sandbox.State;

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

        /// <summary>
        /// The role (its name as IAM keeps it, and its ARN, path included) when callers of <paramref name="accountId"/>
        /// may not pass the role named <paramref name="roleName"/>; null when they may. A role the account does not
        /// have is named by the ARN its name makes, as IAM authorizes before it looks anything up.
        /// </summary>
        public static (string Name, string Arn)? DeniedPassRole(PermissionSettings permissions, AccountState account, string accountId, string roleName)
        {
            RoleEntity? role = account.Roles.GetValueOrDefault(roleName);
            string name = role?.RoleName ?? roleName;
            string arn = role?.Arn ?? $"arn:aws:iam::{accountId}:role/{roleName}";
            bool denied = Applicable(permissions, PassRole, accountId).Any(d => d.Roles == null || d.Roles.Any(r =>
                string.Equals(r, name, StringComparison.OrdinalIgnoreCase) || string.Equals(r, arn, StringComparison.OrdinalIgnoreCase)));
            return denied ? (name, arn) : null;
        }

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
