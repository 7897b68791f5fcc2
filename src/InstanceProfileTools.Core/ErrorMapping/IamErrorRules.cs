using System;
using InstanceProfileTools.Core.Diagnostics;

namespace InstanceProfileTools.Core.ErrorMapping
{
    /// <summary>IAM's error codes (the model's exception shapes) for the operations the module calls; null for the codes both services share.</summary>
    internal static class IamErrorRules
    {
        public static ServiceErrorMapping? TryMap(AwsCall call, string code, string message)
        {
            string? profile = call.Id("InstanceProfileName");
            string? role = call.Id("RoleName");
            switch (code)
            {
                // IAM words it "... is not authorized to perform: iam:PassRole on resource: <role ARN> ..." (EVIDENCE row 28).
                case "AccessDenied" when message.IndexOf("iam:PassRole", StringComparison.OrdinalIgnoreCase) >= 0:
                    return new ServiceErrorMapping(ErrorIds.PassRoleDenied, FailureKind.PermissionDenied, role ?? call.Target, PassRoleAdvice.For(role));
                case "NoSuchEntity" when message.IndexOf("The role with name", StringComparison.OrdinalIgnoreCase) >= 0:
                    // IAM does not know the role (yet): a role created moments ago is unknown to it for a while.
                    return RoleNotFound(call, role, ErrorTraits.Propagation);
                case "NoSuchEntity":
                    return IsAboutRole(call, message)
                        ? RoleNotFound(call, role, ErrorTraits.None)
                        : new ServiceErrorMapping(ErrorIds.InstanceProfileNotFound, FailureKind.ObjectNotFound, profile ?? call.Target,
                            "Check the name (Get-InstanceProfile lists them), the account and -AwsProfile; " +
                            "a profile created moments ago can take a few seconds to be visible.");
                case "EntityAlreadyExists":
                    return call.Action == "CreateRole"
                        ? new ServiceErrorMapping(ErrorIds.RoleAlreadyExists, FailureKind.ResourceExists, role ?? call.Target, "Choose another role name or use the existing role.")
                        : new ServiceErrorMapping(ErrorIds.InstanceProfileAlreadyExists, FailureKind.ResourceExists, profile ?? call.Target,
                            "Choose another name, or use the existing profile (Get-InstanceProfile).");
                case "LimitExceeded" when call.Action == "AddRoleToInstanceProfile":
                    return new ServiceErrorMapping(ErrorIds.InstanceProfileHasRole, FailureKind.InvalidOperation, profile ?? call.Target,
                        "An instance profile holds one role, and this one already has a role. To change an instance's role use " +
                        "Set-InstanceRole, which replaces the instance's profile instead of changing the role inside a shared one.");
                case "LimitExceeded":
                    return new ServiceErrorMapping(ErrorIds.LimitExceeded, FailureKind.LimitsExceeded, call.Target,
                        "An IAM quota was reached; delete what is no longer needed or ask for a quota increase.");
                case "DeleteConflict" when call.Action == "DeleteInstanceProfile":
                    return new ServiceErrorMapping(ErrorIds.InstanceProfileHasRole, FailureKind.InvalidOperation, profile ?? call.Target,
                        "The profile still has a role; remove it first (Remove-ProfileRole), or use Remove-InstanceProfile -Force, which removes it for you.");
                case "DeleteConflict":
                    return new ServiceErrorMapping(ErrorIds.RoleInUse, FailureKind.InvalidOperation, role ?? call.Target,
                        "The role is still in an instance profile (or has policies attached); remove it from its profiles first.");
                case "ValidationError":
                case "InvalidInput":
                case "InvalidParameterValue":
                case "MalformedPolicyDocument":
                    return CommonErrorRules.InvalidParameter(call);
            }

            return null;
        }

        private static ServiceErrorMapping RoleNotFound(AwsCall call, string? role, ErrorTraits traits) =>
            new(ErrorIds.RoleNotFound, FailureKind.ObjectNotFound, role ?? call.Target,
                $"Check the role name{(role is null ? string.Empty : $" '{role}'")} and the account; a role created moments ago can take a few seconds to be visible.",
                traits);

        // Calls about a role; on calls naming both, IAM's "The role with name X cannot be found." and "Role X in
        // Instance Profile Y cannot be found." (the role is not in that profile), but not "Instance Profile Y cannot be found."
        private static bool IsAboutRole(AwsCall call, string message) =>
            call.Action is "GetRole" or "DeleteRole" or "CreateRole" or "ListInstanceProfilesForRole"
            || (call.Id("RoleName") != null && message.IndexOf("role", StringComparison.OrdinalIgnoreCase) >= 0
                && (message.IndexOf("instance profile", StringComparison.OrdinalIgnoreCase) < 0
                    || message.StartsWith("Role ", StringComparison.Ordinal)));
    }
}
