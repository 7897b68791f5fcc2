using System;

namespace InstanceProfileTools.Core.Journal
{
    /// <summary>
    /// One line of a journal: one instance's change as it completed, with what it ran with before and after, so
    /// that the change can be read back the next morning and undone; or one launch template's default version.
    /// </summary>
    public sealed record JournalEntry
    {
        public DateTimeOffset Time { get; init; }

        /// <summary>The command that made the change, such as Set-InstanceRole or Undo-InstanceRole.</summary>
        public string Command { get; init; } = string.Empty;

        /// <summary>The AWS account of the profiles involved; null when no profile was involved.</summary>
        public string? Account { get; init; }

        public string? Region { get; init; }

        public string InstanceId { get; init; } = string.Empty;

        public string? PreviousAssociationId { get; init; }

        public string? PreviousInstanceProfileArn { get; init; }

        public string? PreviousRoleName { get; init; }

        /// <summary>What the instance runs with after the change (after the rollback, when it was rolled back).</summary>
        public string? NewAssociationId { get; init; }

        public string? NewInstanceProfileArn { get; init; }

        public string? NewRoleName { get; init; }

        /// <summary>Replace, Associate, DisassociateAssociate, Disassociate or None.</summary>
        public string Method { get; init; } = string.Empty;

        /// <summary>One of the <see cref="JournalOutcomes"/>.</summary>
        public string Outcome { get; init; } = string.Empty;

        /// <summary>The rollout wave (1 is the canary) when the change was made in waves.</summary>
        public int? Wave { get; init; }

        /// <summary>The error id when the change failed.</summary>
        public string? ErrorId { get; init; }

        /// <summary>On a launch template's line (its InstanceId is empty): the template whose default version changed.</summary>
        public string? LaunchTemplateId { get; init; }

        /// <summary>The template's default version before the change.</summary>
        public long? PreviousVersion { get; init; }

        /// <summary>The template's default version after it; null on an intent line that does not know it yet.</summary>
        public long? NewVersion { get; init; }
    }
}
