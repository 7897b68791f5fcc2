using System.Collections.Generic;

namespace InstanceProfileTools.Sandbox.Settings
{
    /// <summary>
    /// What the sandbox's callers may not do. Empty by default: every caller may do everything, as the sandbox always
    /// allowed. Applies to AWS requests only; the admin endpoint's launches act as AWS's own services do.
    /// </summary>
    public sealed class PermissionSettings
    {
        /// <summary>The actions refused, each for an account or all, and for iam:PassRole for some roles or all.</summary>
        public List<PermissionDeny> Deny { get; set; } = new List<PermissionDeny>();
    }
}
