using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Serialization;

namespace InstanceProfileTools.Sandbox.State
{
    /// <summary>
    /// One account's EC2 in one region: its instances, every association they ever had and its launch templates. EC2
    /// is regional, so an instance run in eu-west-1 is not seen from us-east-1 (EVIDENCE row 30: "associations are per
    /// region").
    /// </summary>
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public sealed class RegionState
    {
        // Indexes over Associations, which only ever grows: caught up on use, so a state read from a file needs no
        // separate rebuild. Lookups by id and by instance stay O(1) on a fleet of thousands.
        private readonly Dictionary<string, AssociationEntity> _associationsById = new Dictionary<string, AssociationEntity>(StringComparer.Ordinal);
        private readonly Dictionary<string, List<AssociationEntity>> _associationsByInstance = new Dictionary<string, List<AssociationEntity>>(StringComparer.Ordinal);
        private int _indexed;

        /// <summary>Instances by id.</summary>
        public Dictionary<string, InstanceEntity> Instances { get; } =
            new Dictionary<string, InstanceEntity>(StringComparer.Ordinal);

        /// <summary>Launch templates by id.</summary>
        public Dictionary<string, LaunchTemplateEntity> LaunchTemplates { get; } =
            new Dictionary<string, LaunchTemplateEntity>(StringComparer.Ordinal);

        /// <summary>Every association ever made, retired ones too: the timeline is derived from them. Add with <see cref="AddAssociation"/>.</summary>
        public List<AssociationEntity> Associations { get; } = new List<AssociationEntity>();

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
    }
}
