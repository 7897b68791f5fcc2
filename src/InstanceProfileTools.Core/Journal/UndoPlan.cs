using System;
using System.Collections.Generic;
using System.Linq;
using InstanceProfileTools.Core.RoleChange;

namespace InstanceProfileTools.Core.Journal
{
    /// <summary>What undoing a journal means, instance by instance.</summary>
    public static class UndoPlan
    {
        /// <summary>
        /// One request per instance the journal changed, in the order first journaled: back to what it had before
        /// the first change recorded for it, expecting the association the last line recorded. Instances the journal
        /// never changed need nothing. An undo appends its own lines, so a second undo finds every instance back.
        /// </summary>
        public static IReadOnlyList<RestoreRequest> From(IEnumerable<JournalEntry> entries, bool force)
        {
            if (entries is null) throw new ArgumentNullException(nameof(entries));
            return entries
                .GroupBy(entry => entry.InstanceId, StringComparer.Ordinal)
                .Where(lines => lines.Any(entry => entry.Outcome == JournalOutcomes.Changed))
                .Select(lines =>
                {
                    JournalEntry first = lines.First(entry => entry.Outcome == JournalOutcomes.Changed);
                    JournalEntry last = lines.Last();
                    return new RestoreRequest(first.InstanceId, first.PreviousInstanceProfileArn, first.PreviousRoleName, last.NewAssociationId,
                        Force: force, AllowDisassociate: force);
                })
                .ToList();
        }
    }
}
