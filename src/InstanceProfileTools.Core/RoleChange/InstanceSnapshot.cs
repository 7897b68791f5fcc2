using System.Collections.Generic;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Reads;

namespace InstanceProfileTools.Core.RoleChange
{
    /// <summary>
    /// What one read showed of an instance before its change: every association EC2 listed and, where the method
    /// depends on it (an association to replace), the instance's state. The plan and the change both decide
    /// from it, in <see cref="MethodFor"/>.
    /// </summary>
    public sealed record InstanceSnapshot(string InstanceId, IReadOnlyList<ProfileAssociation> Associations, InstanceState? State)
    {
        /// <summary>The instance's current association, or null.</summary>
        public ProfileAssociation? Current => AssociationReader.Current(Associations);

        /// <summary>Whether an association is on its way in or out, which a change waits for first.</summary>
        public bool IsSettling => AssociationReader.IsSettling(Associations);

        /// <summary>Whether the method depends on the instance's state: it has an association that is not the target.</summary>
        public static bool NeedsState(ProfileAssociation? current, string? targetArn) =>
            current is not null && !RoleChangeCalls.SameProfile(current.InstanceProfileArn, targetArn);

        /// <summary>How the instance would be moved to <paramref name="targetArn"/> (null: a profile not created yet).</summary>
        public RoleChangeMethod MethodFor(string? targetArn)
        {
            ProfileAssociation? current = Current;
            if (current is null)
            {
                return RoleChangeMethod.Associate;
            }

            if (RoleChangeCalls.SameProfile(current.InstanceProfileArn, targetArn))
            {
                return RoleChangeMethod.None;
            }

            // EC2 refuses a replace on a stopped instance; nothing runs there to miss its credentials in between.
            return State == InstanceState.Stopped ? RoleChangeMethod.DisassociateAssociate : RoleChangeMethod.Replace;
        }
    }
}
