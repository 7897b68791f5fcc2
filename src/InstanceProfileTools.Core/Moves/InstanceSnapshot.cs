using System.Collections.Generic;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Ec2;

namespace InstanceProfileTools.Core.Moves
{
    /// <summary>
    /// What one read showed of an instance: every association EC2 listed and, where the move depends on it (an
    /// association to replace), the instance's state. The plan, the runner and the move all decide from it through
    /// <see cref="MoveDecision"/>.
    /// </summary>
    public sealed record InstanceSnapshot(string InstanceId, IReadOnlyList<ProfileAssociation> Associations, InstanceState? State)
    {
        /// <summary>The instance's current association, or null.</summary>
        public ProfileAssociation? Current => AssociationReader.Current(Associations);

        /// <summary>Whether an association is on its way in or out, which a change waits for first.</summary>
        public bool IsSettling => AssociationReader.IsSettling(Associations);

        /// <summary>How the instance would be moved to <paramref name="targetArn"/> (null: a profile not created yet).</summary>
        public RoleChangeMethod MethodFor(string? targetArn) =>
            Current is null ? RoleChangeMethod.Associate : MoveDecision.MethodOf(this, targetArn ?? string.Empty);
    }
}
