using System;
using System.Collections.Generic;
using System.Linq;
using InstanceProfileTools.Core.Estate;

namespace InstanceProfileTools.Core.Journal
{
    /// <summary>
    /// Where an undo sends each journal line: to the line's own region, in the line's account, among the places the
    /// command's credentials reach. A line for an account none of them reaches refuses the whole file, before any
    /// change: undoing only part of a run, silently, would leave an estate nobody asked for.
    /// </summary>
    public static class JournalRouting
    {
        /// <param name="lines">The indexes of the entries to route (an undo limited by -Region routes only its regions').</param>
        /// <param name="placesIn">The command's places in a region (null: the configured one), one per account it reaches.</param>
        public static IReadOnlyList<(Place Place, IReadOnlyList<int> Lines)> Route(
            IReadOnlyList<JournalEntry> entries, IReadOnlyList<int> lines, Func<string?, IReadOnlyList<Place>> placesIn, string path)
        {
            if (entries is null) throw new ArgumentNullException(nameof(entries));
            if (lines is null) throw new ArgumentNullException(nameof(lines));
            if (placesIn is null) throw new ArgumentNullException(nameof(placesIn));
            var routed = new Dictionary<Place, List<int>>();
            foreach (IGrouping<string?, int> inRegion in lines.GroupBy(line => entries[line].Region))
            {
                IReadOnlyList<Place> places = placesIn(inRegion.Key);
                foreach (int line in inRegion)
                {
                    string? account = entries[line].Account;
                    Place place = places.FirstOrDefault(candidate => account is null || candidate.AccountId == account)
                        ?? throw JournalTrust.Refuse(path, line,
                            $"it is for account {account}, which none of this command's credentials reaches (they reach {string.Join(", ", places.Select(known => known.AccountId).Distinct())}); " +
                            "give -AwsProfile a profile of that account");
                    if (!routed.TryGetValue(place, out List<int>? known)) routed[place] = known = new List<int>();
                    known.Add(line);
                }
            }

            return routed.Select(pair => (pair.Key, (IReadOnlyList<int>)pair.Value)).ToArray();
        }
    }
}
