using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Serialization;

namespace InstanceProfileTools.Sandbox.State
{
    /// <summary>
    /// Everything the sandbox knows, account by account. Not thread-safe by itself: every request runs its whole
    /// transaction while holding <see cref="SandboxStore.Sync"/>, which makes each AWS call atomic.
    /// </summary>
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public sealed class SandboxState
    {
        /// <summary>The shape of the state file this class writes (1 was one flat world, before accounts and regions).</summary>
        public const int CurrentVersion = 2;

        /// <summary>The state file's shape.</summary>
        public int Version { get; set; } = CurrentVersion;

        /// <summary>The last event sequence number handed out (one sequence for the whole sandbox, so the timeline orders all regions).</summary>
        public long LastSequence { get; set; }

        /// <summary>Accounts by 12-digit id; an account appears once something was asked of it.</summary>
        public Dictionary<string, AccountState> Accounts { get; } =
            new Dictionary<string, AccountState>(StringComparer.Ordinal);

        /// <summary>Hands out the next event sequence number.</summary>
        public long NextSequence() => ++LastSequence;

        /// <summary>The account, made empty on first use.</summary>
        public AccountState Account(string accountId)
        {
            if (!Accounts.TryGetValue(accountId, out AccountState? account))
            {
                account = new AccountState();
                Accounts[accountId] = account;
            }

            return account;
        }

        /// <summary>Every account's every region, in account then region order, optionally only those named.</summary>
        public IEnumerable<RegionalState> Regions(string? accountId = null, string? region = null) =>
            Accounts
                .Where(a => accountId == null || a.Key == accountId)
                .OrderBy(a => a.Key, StringComparer.Ordinal)
                .SelectMany(a => a.Value.Regions
                    .Where(r => region == null || r.Key == region)
                    .OrderBy(r => r.Key, StringComparer.Ordinal)
                    .Select(r => new RegionalState(a.Key, r.Key, a.Value, r.Value)));

        /// <summary>Where an instance lives (instance ids are unique across the sandbox), or null.</summary>
        public RegionalState? FindInstance(string instanceId, string? accountId = null, string? region = null) =>
            Regions(accountId, region).FirstOrDefault(r => r.State.Instances.ContainsKey(instanceId));
    }
}
