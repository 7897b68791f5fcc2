using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace InstanceProfileTools.Sandbox.State
{
    /// <summary>
    /// Reads a state file of the first shape (one flat world: profiles, roles, instances and associations at the
    /// top, no accounts or regions) into the default account, its instances in us-east-1, where every client of
    /// that sandbox had put them.
    /// </summary>
    public static class FlatWorldMigration
    {
        /// <summary>The region a flat world's instances move to.</summary>
        public const string Region = "us-east-1";

        private static readonly string[] s_flatMembers = { "InstanceProfiles", "Roles", "Instances", "Associations" };

        /// <summary>Whether the document is a flat world: it has none of the current members and some of the old ones.</summary>
        public static bool IsFlatWorld(JsonObject root) =>
            !root.ContainsKey(nameof(SandboxState.Accounts)) && System.Array.Exists(s_flatMembers, root.ContainsKey);

        /// <summary>The flat world as the current state: all of it in <paramref name="accountId"/>, EC2 in <see cref="Region"/>.</summary>
        public static SandboxState Migrate(JsonObject root, string accountId, JsonSerializerOptions options)
        {
            var state = new SandboxState { LastSequence = root["LastSequence"]?.GetValue<long>() ?? 0 };
            AccountState account = state.Account(accountId);
            CopyInto(root["InstanceProfiles"], account.InstanceProfiles, options);
            CopyInto(root["Roles"], account.Roles, options);
            RegionState region = account.Region(Region);
            CopyInto(root["Instances"], region.Instances, options);
            foreach (AssociationEntity association in root["Associations"]?.Deserialize<List<AssociationEntity>>(options) ?? new List<AssociationEntity>())
            {
                region.AddAssociation(association);
            }

            return state;
        }

        /// <summary>Copies a JSON object's entries into a dictionary that keeps its own comparer (IAM's names ignore case).</summary>
        private static void CopyInto<T>(JsonNode? node, Dictionary<string, T> target, JsonSerializerOptions options)
        {
            foreach (KeyValuePair<string, T> entry in node?.Deserialize<Dictionary<string, T>>(options) ?? new Dictionary<string, T>())
            {
                target[entry.Key] = entry.Value;
            }
        }
    }
}
