using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Operations;
using InstanceProfileTools.Core.Ports;

namespace InstanceProfileTools.Core.Ec2
{
    /// <summary>
    /// The one reader of instances' associations: up to 200 instances a call (EC2's limit on a filter's values),
    /// every page, and the one rule for which association is an instance's current one.
    /// </summary>
    public static class AssociationReader
    {
        /// <summary>EC2 refuses a filter with more values (FilterLimitExceeded, EVIDENCE row 23).</summary>
        public const int MaxIdsPerCall = 200;

        /// <summary>
        /// The instance's current association: the newest one that is associated or associating. During a replace
        /// EC2 lists the retiring one (disassociating) beside the new one, which is the one that counts.
        /// </summary>
        public static ProfileAssociation? Current(IEnumerable<ProfileAssociation> associations) =>
            associations
                .Where(a => a.State == AssociationState.Associated || a.State == AssociationState.Associating)
                .OrderByDescending(a => a.Timestamp ?? DateTime.MinValue)
                .FirstOrDefault();

        /// <summary>Whether some association is still on its way in or out.</summary>
        public static bool IsSettling(IEnumerable<ProfileAssociation> associations) =>
            associations.Any(a => a.State == AssociationState.Associating || a.State == AssociationState.Disassociating);

        /// <summary>Every association EC2 lists for each of the instances (an empty list for one without), in calls of 200.</summary>
        public static async Task<IReadOnlyDictionary<string, IReadOnlyList<ProfileAssociation>>> ReadAsync(
            IEc2Api ec2, IReadOnlyCollection<string> instanceIds, CancellationToken cancellationToken)
        {
            if (ec2 is null) throw new ArgumentNullException(nameof(ec2));
            var found = instanceIds.Distinct(StringComparer.Ordinal).ToDictionary(id => id, _ => new List<ProfileAssociation>(), StringComparer.Ordinal);
            foreach (string[] batch in Batches(found.Keys))
            {
                var query = new AssociationQuery(Array.Empty<string>(), batch, Array.Empty<AssociationState>());
                IReadOnlyList<ProfileAssociation> associations = await Paging.ReadAllAsync(
                    (token, ct) => ec2.DescribeIamInstanceProfileAssociationsAsync(query, token, null, ct), cancellationToken).ConfigureAwait(false);
                foreach (ProfileAssociation association in associations)
                {
                    if (found.TryGetValue(association.InstanceId, out List<ProfileAssociation>? list))
                    {
                        list.Add(association);
                    }
                }
            }

            return found.ToDictionary(pair => pair.Key, pair => (IReadOnlyList<ProfileAssociation>)pair.Value, StringComparer.Ordinal);
        }

        /// <summary>The ids in groups EC2 takes in one filter.</summary>
        public static IEnumerable<string[]> Batches(IEnumerable<string> ids)
        {
            var batch = new List<string>(MaxIdsPerCall);
            foreach (string id in ids)
            {
                batch.Add(id);
                if (batch.Count == MaxIdsPerCall)
                {
                    yield return batch.ToArray();
                    batch.Clear();
                }
            }

            if (batch.Count > 0)
            {
                yield return batch.ToArray();
            }
        }
    }
}
