namespace InstanceProfileTools.Core.Journal
{
    /// <summary>The outcomes a journal line records.</summary>
    public static class JournalOutcomes
    {
        /// <summary>The instance was moved and verified: undo puts it back.</summary>
        public const string Changed = nameof(Changed);

        /// <summary>It already ran with the target; no call changed it.</summary>
        public const string Unchanged = nameof(Unchanged);

        /// <summary>The change failed and the previous profile was put back.</summary>
        public const string RolledBack = nameof(RolledBack);

        /// <summary>The change failed; the error id says why.</summary>
        public const string Failed = nameof(Failed);
    }
}
