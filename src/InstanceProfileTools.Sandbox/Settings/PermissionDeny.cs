using System.Collections.Generic;

namespace InstanceProfileTools.Sandbox.Settings
{
    /// <summary>
    /// One action the callers of an account (or of every account) are not allowed, as if no identity-based policy
    /// allowed it: iam:PassRole for some roles or all, or sts:DecodeAuthorizationMessage.
    /// </summary>
    public sealed class PermissionDeny
    {
        /// <summary>iam:PassRole or sts:DecodeAuthorizationMessage (without case, as IAM reads actions).</summary>
        public string Action { get; set; } = "";

        /// <summary>For iam:PassRole, the roles it may not pass, by name (without case) or ARN; null for every role.</summary>
        public List<string>? Roles { get; set; }

        /// <summary>The 12-digit account whose callers it applies to; null for every account.</summary>
        public string? Account { get; set; }
    }
}
