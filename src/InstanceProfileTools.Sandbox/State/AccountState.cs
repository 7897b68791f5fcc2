using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Serialization;

namespace InstanceProfileTools.Sandbox.State
{
    /// <summary>
    /// One account: its IAM, which is global (every region's credential scope reaches the same roles and
    /// profiles), and its EC2, one <see cref="RegionState"/> per region it was used in.
    /// </summary>
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public sealed class AccountState
    {
        /// <summary>Instance profiles by name, without case as IAM compares them.</summary>
        public Dictionary<string, InstanceProfileEntity> InstanceProfiles { get; } =
            new Dictionary<string, InstanceProfileEntity>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Roles by name, without case as IAM compares them.</summary>
        public Dictionary<string, RoleEntity> Roles { get; } =
            new Dictionary<string, RoleEntity>(StringComparer.OrdinalIgnoreCase);

        /// <summary>EC2 by region name; a region appears once something was asked of it.</summary>
        public Dictionary<string, RegionState> Regions { get; } =
            new Dictionary<string, RegionState>(StringComparer.Ordinal);

        /// <summary>The region's EC2, made empty on first use.</summary>
        public RegionState Region(string region)
        {
            if (!Regions.TryGetValue(region, out RegionState? state))
            {
                state = new RegionState();
                Regions[region] = state;
            }

            return state;
        }

        /// <summary>The profile whose ARN is exactly this, if any.</summary>
        public InstanceProfileEntity? FindProfileByArn(string arn) =>
            InstanceProfiles.Values.FirstOrDefault(p => string.Equals(p.Arn, arn, StringComparison.Ordinal));
    }
}
