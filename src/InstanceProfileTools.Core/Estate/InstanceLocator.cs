using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.Ec2;
using InstanceProfileTools.Core.Model;

namespace InstanceProfileTools.Core.Estate
{
    /// <summary>
    /// Finds which account and region each instance lives in, when a command spans several: one filtered
    /// DescribeInstances per place for up to 200 ids (a filter answers unknown ids with nothing instead of failing
    /// the call, EVIDENCE row 23), all places at once, each paced by its own buckets.
    /// </summary>
    public static class InstanceLocator
    {
        /// <summary>The place of each id found; an id found nowhere is absent. The first place listed wins a tie.</summary>
        public static async Task<IReadOnlyDictionary<string, Place>> LocateAsync(IReadOnlyList<Place> places, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken)
        {
            if (places is null) throw new ArgumentNullException(nameof(places));
            if (instanceIds is null) throw new ArgumentNullException(nameof(instanceIds));
            IReadOnlyDictionary<string, InstanceState>[] found = await Task.WhenAll(
                places.Select(place => InstanceStateReader.ReadAsync(place.Context.Ec2, instanceIds, cancellationToken))).ConfigureAwait(false);
            var located = new Dictionary<string, Place>(StringComparer.Ordinal);
            foreach (string instanceId in instanceIds)
            {
                int at = Array.FindIndex(found, states => states.ContainsKey(instanceId));
                if (at >= 0) located[instanceId] = places[at];
            }

            return located;
        }

        /// <summary>EC2's answer for an id that no place knows, naming the places looked in.</summary>
        public static InstanceProfileToolsException NotFound(string instanceId, IReadOnlyList<Place> places) =>
            new(ErrorIds.InstanceNotFound, FailureKind.ObjectNotFound, instanceId,
                $"Instance {instanceId} was not found in any of the {places.Count} account-region(s) looked in: {string.Join(", ", places.Take(20))}" +
                (places.Count > 20 ? $" and {places.Count - 20} more." : "."));
    }
}
