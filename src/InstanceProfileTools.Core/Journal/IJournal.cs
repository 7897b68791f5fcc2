namespace InstanceProfileTools.Core.Journal
{
    /// <summary>Where journal lines go: a <see cref="JournalWriter"/>, or a fake in tests.</summary>
    public interface IJournal
    {
        /// <summary>
        /// Writes the line durably before it returns; <see cref="ErrorIds.JournalWriteFailed"/> when it cannot.
        /// Safe from any thread.
        /// </summary>
        void Append(JournalEntry entry);
    }
}
