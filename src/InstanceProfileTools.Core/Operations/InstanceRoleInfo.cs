using InstanceProfileTools.Core.Model;

namespace InstanceProfileTools.Core.Operations
{
    /// <summary>What one instance runs with: its current association (if any) and that profile (if it still exists).</summary>
    public sealed record InstanceRoleInfo(string InstanceId, ProfileAssociation? Association, IamInstanceProfile? Profile);
}
