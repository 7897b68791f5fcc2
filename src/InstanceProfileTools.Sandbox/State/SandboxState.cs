using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Serialization;

namespace InstanceProfileTools.Sandbox.State
{
    /// <summary>
    /// Everything the sandbox knows. Not thread-safe by itself: every request runs its whole transaction while
    /// holding <see cref="SandboxStore.Sync"/>, which makes each AWS call atomic.
    /// </summary>
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public sealed class SandboxState
    {
        // Indexes over Associations, which only ever grows: caught up on use, so a state read from a file needs no
        // separate rebuild. Lookups by id and by instance stay O(1) on a fleet of thousands.
        private readonly Dictionary<string, AssociationEntity> _associationsById = new Dictionary<string, AssociationEntity>(StringComparer.Ordinal);
        private readonly Dictionary<string, List<AssociationEntity>> _associationsByInstance = new Dictionary<string, List<AssociationEntity>>(StringComparer.Ordinal);
        private int _indexed;

        /// <summary>Instance profiles by name, without case as IAM compares them.</summary>
        public Dictionary<string, InstanceProfileEntity> InstanceProfiles { get; } =
            new Dictionary<string, InstanceProfileEntity>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Roles by name, without case as IAM compares them.</summary>
        public Dictionary<string, RoleEntity> Roles { get; } =
            new Dictionary<string, RoleEntity>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Instances by id.</summary>
        public Dictionary<string, InstanceEntity> Instances { get; } =
            new Dictionary<string, InstanceEntity>(StringComparer.Ordinal);

        /// <summary>Every association ever made, retired ones too: the timeline is derived from them. Add with <see cref="AddAssociation"/>.</summary>
        public List<AssociationEntity> Associations { get; } = new List<AssociationEntity>();

        /// <summary>The last event sequence number handed out.</summary>
        public long LastSequence { get; set; }

        /// <summary>Hands out the next event sequence number.</summary>
        public long NextSequence() => ++LastSequence;

        /// <summary>Records a new association.</summary>
        public void AddAssociation(AssociationEntity association)
        {
            Associations.Add(association);
            CatchUpIndexes();
        }

        /// <summary>The association with this id, retired or not; null when unknown.</summary>
        public AssociationEntity? FindAssociation(string associationId)
        {
            CatchUpIndexes();
            return _associationsById.GetValueOrDefault(associationId);
        }

        /// <summary>Every association the instance ever had, oldest first.</summary>
        public IReadOnlyList<AssociationEntity> AssociationsOf(string instanceId)
        {
            CatchUpIndexes();
            return _associationsByInstance.TryGetValue(instanceId, out List<AssociationEntity>? list) ? list : Array.Empty<AssociationEntity>();
        }

        /// <summary>The instance's association that is not retired, if any.</summary>
        public AssociationEntity? ActiveAssociation(string instanceId) =>
            AssociationsOf(instanceId).LastOrDefault(a => a.RetiredAt == null);

        private void CatchUpIndexes()
        {
            for (; _indexed < Associations.Count; _indexed++)
            {
                AssociationEntity association = Associations[_indexed];
                _associationsById[association.AssociationId] = association;
                if (!_associationsByInstance.TryGetValue(association.InstanceId, out List<AssociationEntity>? list))
                {
                    list = new List<AssociationEntity>();
                    _associationsByInstance[association.InstanceId] = list;
                }

                list.Add(association);
            }
        }

        /// <summary>The profile whose ARN is exactly this, if any.</summary>
        public InstanceProfileEntity? FindProfileByArn(string arn) =>
            InstanceProfiles.Values.FirstOrDefault(p => string.Equals(p.Arn, arn, StringComparison.Ordinal));
    }
}
