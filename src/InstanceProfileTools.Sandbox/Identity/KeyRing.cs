using System.Collections.Generic;

namespace InstanceProfileTools.Sandbox.Identity
{
    /// <summary>The long-term access keys the sandbox accepts and the account each belongs to.</summary>
    public sealed class KeyRing
    {
        private readonly IReadOnlyDictionary<string, string> _secrets;
        private readonly IReadOnlyDictionary<string, string> _accounts;
        private readonly string _defaultAccountId;

        /// <summary>
        /// Creates the ring: key → secret, and key → account for keys given one; every other key belongs to
        /// <paramref name="defaultAccountId"/>.
        /// </summary>
        public KeyRing(IReadOnlyDictionary<string, string> secretsByAccessKey, IReadOnlyDictionary<string, string> accountsByAccessKey, string defaultAccountId)
        {
            _secrets = secretsByAccessKey;
            _accounts = accountsByAccessKey;
            _defaultAccountId = defaultAccountId;
        }

        /// <summary>The key's secret, or null when the key is not a long-term one.</summary>
        public string? SecretOf(string accessKeyId) => _secrets.GetValueOrDefault(accessKeyId);

        /// <summary>The key's account, or null when the key is not a long-term one.</summary>
        public string? AccountOf(string accessKeyId) =>
            _secrets.ContainsKey(accessKeyId) ? _accounts.GetValueOrDefault(accessKeyId) ?? _defaultAccountId : null;
    }
}
