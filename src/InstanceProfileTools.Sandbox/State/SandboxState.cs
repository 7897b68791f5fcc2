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
        /// <summary>Instance profiles by name, without case as IAM compares them.</summary>
        public Dictionary<string, InstanceProfileEntity> InstanceProfiles { get; } =
            new Dictionary<string, InstanceProfileEntity>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Roles by name, without case as IAM compares them.</summary>
        public Dictionary<string, RoleEntity> Roles { get; } =
            new Dictionary<string, RoleEntity>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Instances by id.</summary>
        public Dictionary<string, InstanceEntity> Instances { get; } =
            new Dictionary<string, InstanceEntity>(StringComparer.Ordinal);

        /// <summary>Every association ever made, retired ones too: the timeline is derived from them.</summary>
        public List<AssociationEntity> Associations { get; } = new List<AssociationEntity>();

        /// <summary>The last event sequence number handed out.</summary>
        public long LastSequence { get; set; }

        /// <summary>Hands out the next event sequence number.</summary>
        public long NextSequence() => ++LastSequence;

        /// <summary>The association with this id, retired or not; null when unknown.</summary>
        public AssociationEntity? FindAssociation(string associationId) =>
            Associations.FirstOrDefault(a => a.AssociationId == associationId);

        /// <summary>The instance's association that is not retired, if any.</summary>
        public AssociationEntity? ActiveAssociation(string instanceId) =>
            Associations.LastOrDefault(a => a.InstanceId == instanceId && a.RetiredAt == null);

        /// <summary>The profile whose ARN is exactly this, if any.</summary>
        public InstanceProfileEntity? FindProfileByArn(string arn) =>
            InstanceProfiles.Values.FirstOrDefault(p => string.Equals(p.Arn, arn, StringComparison.Ordinal));
    }
}
