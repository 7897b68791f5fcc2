namespace InstanceProfileTools.Sandbox.Iam
{
    /// <summary>
    /// The answer a role appears in. Real IAM shows different members in each (localstack's recorded
    /// test_iam_roles snapshot): CreateRole leaves out Description and MaxSessionDuration, ListRoles leaves out
    /// RoleLastUsed and tags, GetRole shows them all.
    /// </summary>
    public enum RoleView
    {
        /// <summary>CreateRole's answer.</summary>
        Created,

        /// <summary>A role embedded in an instance profile.</summary>
        InProfile,

        /// <summary>A ListRoles member.</summary>
        Listed,

        /// <summary>GetRole's answer.</summary>
        Got,
    }
}
