namespace InstanceProfileTools.Core.Journal
{
    /// <summary>The outcomes a journal line records.</summary>
    public static class JournalOutcomes
    {
        /// <summary>
        /// Written before a mutating call: the instance may have moved from here on, whatever the reply (which can be
        /// lost). Its method is the call about to be made; its new profile, where the call is to take the instance.
        /// </summary>
        public const string Intent = nameof(Intent);

        /// <summary>The instance was moved and verified.</summary>
        public const string Changed = nameof(Changed);

        /// <summary>It already ran with the target; no call changed it.</summary>
        public const string Unchanged = nameof(Unchanged);

        /// <summary>The change failed and the previous profile was put back.</summary>
        public const string RolledBack = nameof(RolledBack);

        /// <summary>The change failed; the error id says why, and the line says where the instance was last seen.</summary>
        public const string Failed = nameof(Failed);
    }
}
