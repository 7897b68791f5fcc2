using System;
using System.Collections.Generic;
using System.Linq;
using InstanceProfileTools.Core.Moves;

namespace InstanceProfileTools.Core.Journal
{
    /// <summary>What undoing a journal means, instance by instance.</summary>
    public static class UndoPlan
    {
        /// <summary>
        /// One request per instance the journal names, in the order first journaled: back to what it had before the
        /// first line recorded for it. Outcomes are not trusted: a change whose reply was lost, a wait that timed out
        /// and a rollback that failed may all have moved the instance, so each is judged by where it is when the
        /// undo reads it (an instance already back needs nothing). What the journal recorded for it (association ids,
        /// profiles it was to get) tells the undo's own doing from someone's change since.
        /// </summary>
        public static IReadOnlyList<RestoreRequest> From(IEnumerable<JournalEntry> entries, bool evenIfChangedSince, bool allowDisassociate)
        {
            if (entries is null) throw new ArgumentNullException(nameof(entries));
            return entries
                .Where(entry => entry.LaunchTemplateId is null)
                .GroupBy(entry => entry.InstanceId, StringComparer.Ordinal)
                .Select(lines =>
                {
                    JournalEntry first = lines.First();
                    var associations = new HashSet<string>(
                        lines.SelectMany(entry => new[] { entry.PreviousAssociationId, entry.NewAssociationId }).OfType<string>(), StringComparer.Ordinal);
                    var profiles = new HashSet<string>(
                        lines.SelectMany(entry => new[] { entry.PreviousInstanceProfileArn, entry.NewInstanceProfileArn }).OfType<string>(), StringComparer.Ordinal);
                    return new RestoreRequest(first.InstanceId, first.PreviousInstanceProfileArn, first.PreviousRoleName, associations, profiles)
                    {
                        RecordedWithoutProfile = lines.Any(entry => entry.PreviousInstanceProfileArn is null || entry.Method.StartsWith("Disassociate", StringComparison.Ordinal)),
                        EvenIfChangedSince = evenIfChangedSince,
                        AllowDisassociate = allowDisassociate,
                    };
                })
                .ToList();
        }

        /// <summary>
        /// One restore per launch template the journal changed, in the order first journaled: its default before the
        /// first line, and what the journal made (the last version it recorded, or the profile it was to get).
        /// </summary>
        public static IReadOnlyList<LaunchTemplateRestore> Templates(IEnumerable<JournalEntry> entries)
        {
            if (entries is null) throw new ArgumentNullException(nameof(entries));
            return entries
                .Where(entry => entry.LaunchTemplateId is not null && entry.PreviousVersion is not null)
                .GroupBy(entry => entry.LaunchTemplateId!, StringComparer.Ordinal)
                .Select(lines => new LaunchTemplateRestore(
                    lines.Key,
                    lines.First().PreviousVersion!.Value,
                    lines.LastOrDefault(entry => entry.NewVersion is not null)?.NewVersion,
                    lines.First().NewInstanceProfileArn))
                .ToList();
        }
    }

    /// <summary>A launch template to put back on <paramref name="PreviousVersion"/>, if its default is still what the journal made.</summary>
    public sealed record LaunchTemplateRestore(string LaunchTemplateId, long PreviousVersion, long? MadeVersion, string? MadeProfileArn);
}
