using System.Collections.Generic;
using System.Linq;
using InstanceProfileTools.Core.Model;

namespace InstanceProfileTools.Core.Moves
{
    /// <summary>What the next step of a move is, decided from one read of the instance.</summary>
    internal enum MoveStepKind
    {
        /// <summary>The instance has the desired profile, associated (or none, when none is desired).</summary>
        Done,

        /// <summary>Its association with the desired profile is still associating.</summary>
        WaitAssociated,

        /// <summary>It has no live association, but one is still disassociating: EC2 takes no associate until it is gone.</summary>
        WaitDisassociated,

        /// <summary>It is pending or stopping: whether EC2 takes a replace depends on where it ends up.</summary>
        WaitInstanceState,

        /// <summary>Its state is not known yet and the step depends on it.</summary>
        ReadInstanceState,

        Replace,
        Associate,
        Disassociate,

        /// <summary>Its association is none this move made or started from: someone else's change.</summary>
        Foreign,
    }

    /// <summary>
    /// The one decision of how an instance moves to a profile, for a change, its rollback and an undo alike: given
    /// what a read showed, the desired profile (null for none) and the associations the move may touch, the next
    /// step. A move repeats read, decide, act until <see cref="MoveStepKind.Done"/>, so that after any failure the
    /// next step is decided from what the instance really has, not from what a lost reply would have said.
    /// </summary>
    internal static class MoveDecision
    {
        public static MoveStepKind Next(InstanceSnapshot read, string? desiredArn, ICollection<string> ours)
        {
            ProfileAssociation? current = read.Current;
            if (current is null)
            {
                if (read.Associations.Any(a => a.State == AssociationState.Disassociating))
                {
                    return MoveStepKind.WaitDisassociated;
                }

                return desiredArn is null ? MoveStepKind.Done : MoveStepKind.Associate;
            }

            if (desiredArn is not null && RoleChangeCalls.SameProfile(current.InstanceProfileArn, desiredArn))
            {
                return current.State == AssociationState.Associated ? MoveStepKind.Done : MoveStepKind.WaitAssociated;
            }

            if (!ours.Contains(current.AssociationId))
            {
                return MoveStepKind.Foreign;
            }

            if (desiredArn is null)
            {
                return MoveStepKind.Disassociate;
            }

            // EC2 refuses a replace on a stopped instance (nothing runs there to miss its credentials in between).
            return read.State switch
            {
                null => MoveStepKind.ReadInstanceState,
                InstanceState.Running => MoveStepKind.Replace,
                InstanceState.Stopped => MoveStepKind.Disassociate,
                InstanceState.Pending or InstanceState.Stopping => MoveStepKind.WaitInstanceState,
                _ => MoveStepKind.Replace,
            };
        }

        /// <summary>
        /// How the move would go, for a plan and for the runner's choice of bucket: the decision's first mutating
        /// step, with a stopped instance's disassociate followed by an associate.
        /// </summary>
        public static RoleChangeMethod MethodOf(InstanceSnapshot read, string? desiredArn) =>
            MethodOf(Next(read, desiredArn, new HashSet<string>(read.Associations.Select(a => a.AssociationId))), desiredArn);

        /// <summary>The method a step belongs to: the one name for it in plans, results and the journal.</summary>
        public static RoleChangeMethod MethodOf(MoveStepKind step, string? desiredArn) => step switch
        {
            MoveStepKind.Done or MoveStepKind.WaitAssociated => RoleChangeMethod.None,
            MoveStepKind.Associate or MoveStepKind.WaitDisassociated => desiredArn is null ? RoleChangeMethod.None : RoleChangeMethod.Associate,
            MoveStepKind.Disassociate => desiredArn is null ? RoleChangeMethod.Disassociate : RoleChangeMethod.DisassociateAssociate,
            _ => RoleChangeMethod.Replace,
        };
    }
}
