using System.Collections.Concurrent;
using InstanceProfileTools.Core.Journal;

namespace InstanceProfileTools.Core.Tests.Support
{
    /// <summary>A journal in memory that can be made to fail from its Nth line on, as a full disk would.</summary>
    internal sealed class RecordingJournal : IJournal
    {
        public ConcurrentQueue<JournalEntry> Lines { get; } = new();

        public int FailFrom { get; set; } = int.MaxValue;

        public void Append(JournalEntry entry)
        {
            lock (Lines)
            {
                if (Lines.Count + 1 >= FailFrom)
                {
                    throw new InstanceProfileToolsException(ErrorIds.JournalWriteFailed, FailureKind.WriteError, "journal", "No space left on device.");
                }

                Lines.Enqueue(entry);
            }
        }
    }
}
