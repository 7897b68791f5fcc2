using System.Collections.Generic;
using InstanceProfileTools.Core.Model;

namespace InstanceProfileTools.Core.Moves
{
    /// <summary>
    /// Put one instance back on the profile it had: an undo from a journal, or the rollback of a failed wave.
    /// </summary>
    /// <param name="InstanceId">The instance.</param>
    /// <param name="InstanceProfileArn">The profile it had; null when it had none.</param>
    /// <param name="RoleName">The role that profile held, when known.</param>
    /// <param name="RecordedAssociationIds">
    /// The associations the record (the journal, or the wave) saw on it: any other, on a profile the record never
    /// named, means someone changed it since, and it is left alone unless <see cref="EvenIfChangedSince"/>.
    /// </param>
    /// <param name="RecordedProfileArns">The profiles the record named for it (had, or was to get).</param>
    public sealed record RestoreRequest(
        string InstanceId,
        string? InstanceProfileArn,
        string? RoleName,
        IReadOnlyCollection<string> RecordedAssociationIds,
        IReadOnlyCollection<string> RecordedProfileArns)
    {
        /// <summary>Whether the record saw it without a profile at some point (it had none, or was disassociated).</summary>
        public bool RecordedWithoutProfile { get; init; }

        /// <summary>Put it back even if someone changed it since the record.</summary>
        public bool EvenIfChangedSince { get; init; }

        /// <summary>Leave it without a profile when it had none (which takes its credentials away).</summary>
        public bool AllowDisassociate { get; init; }

        /// <summary>How the instance <paramref name="snapshot"/> shows would be put back; None when it is back already.</summary>
        public RoleChangeMethod MethodFor(InstanceSnapshot snapshot) => MoveDecision.MethodOf(snapshot, InstanceProfileArn);

        /// <summary>Whether <paramref name="current"/> is what the record left, or someone's change since.</summary>
        public bool IsRecorded(ProfileAssociation? current)
        {
            if (current is null)
            {
                return InstanceProfileArn is null || RecordedWithoutProfile;
            }

            // A reply that was lost leaves its association unrecorded; the profile it was to get is recorded.
            return Contains(RecordedAssociationIds, current.AssociationId) || Contains(RecordedProfileArns, current.InstanceProfileArn);
        }

        private static bool Contains(IReadOnlyCollection<string> set, string? value)
        {
            foreach (string item in set)
            {
                if (string.Equals(item, value, System.StringComparison.Ordinal)) return true;
            }

            return false;
        }
    }
}
