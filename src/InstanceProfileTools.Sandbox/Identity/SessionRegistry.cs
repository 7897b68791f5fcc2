using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using InstanceProfileTools.Sandbox.State;

namespace InstanceProfileTools.Sandbox.Identity
{
    /// <summary>
    /// Every temporary credential minted, expired ones too (so that an expired token answers ExpiredToken, not
    /// "invalid"). In memory only: a restart or a reset forgets them. Thread-safe: the SigV4 check reads it
    /// outside the store's lock.
    /// </summary>
    public sealed class SessionRegistry
    {
        private const string UpperAlphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        private const string SecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

        private readonly object _sync = new object();
        private readonly Dictionary<string, RoleSession> _byAccessKey = new Dictionary<string, RoleSession>(StringComparer.Ordinal);
        private readonly Dictionary<string, RoleSession> _byPurpose = new Dictionary<string, RoleSession>(StringComparer.Ordinal);

        /// <summary>
        /// Mints credentials for the role: an ASIA key id and 16 upper-case alphanumerics (temporary keys' prefix,
        /// IAM User Guide "unique ID prefixes"), a 40-character secret and a random token.
        /// </summary>
        public RoleSession Mint(RoleEntity role, string accountId, string sessionName, DateTimeOffset expiration)
        {
            RoleSession session = NewSession(role, accountId, sessionName, expiration);
            lock (_sync)
            {
                _byAccessKey[session.AccessKeyId] = session;
            }

            return session;
        }

        /// <summary>
        /// The session minted for <paramref name="purpose"/>, minted the first time it is asked for: an instance's
        /// credentials for one association and one rotation, which IMDS serves unchanged until it rotates them.
        /// </summary>
        public RoleSession MintOnce(string purpose, RoleEntity role, string accountId, string sessionName, DateTimeOffset expiration)
        {
            lock (_sync)
            {
                if (!_byPurpose.TryGetValue(purpose, out RoleSession? session))
                {
                    session = NewSession(role, accountId, sessionName, expiration);
                    _byAccessKey[session.AccessKeyId] = session;
                    _byPurpose[purpose] = session;
                }

                return session;
            }
        }

        private static RoleSession NewSession(RoleEntity role, string accountId, string sessionName, DateTimeOffset expiration) =>
            new RoleSession(
                "ASIA" + RandomNumberGenerator.GetString(UpperAlphanumeric, 16),
                RandomNumberGenerator.GetString(SecretAlphabet, 40),
                Convert.ToBase64String(RandomNumberGenerator.GetBytes(264)),
                accountId,
                role.Arn,
                role.RoleName,
                role.RoleId,
                sessionName,
                expiration);

        /// <summary>The session of this key id, expired or not; null when it was never minted here.</summary>
        public RoleSession? Find(string accessKeyId)
        {
            lock (_sync)
            {
                return _byAccessKey.GetValueOrDefault(accessKeyId);
            }
        }

        /// <summary>Every session, oldest expiration first.</summary>
        public IReadOnlyList<RoleSession> All()
        {
            lock (_sync)
            {
                return _byAccessKey.Values.OrderBy(s => s.Expiration).ThenBy(s => s.AccessKeyId, StringComparer.Ordinal).ToList();
            }
        }

        /// <summary>
        /// Ends the session of <paramref name="accessKeyId"/> (every session when null) at <paramref name="now"/>;
        /// answers how many were still valid; -1 when the named key is unknown.
        /// </summary>
        public int Expire(string? accessKeyId, DateTimeOffset now)
        {
            lock (_sync)
            {
                if (accessKeyId != null && !_byAccessKey.ContainsKey(accessKeyId))
                {
                    return -1;
                }

                List<RoleSession> ending = _byAccessKey.Values
                    .Where(s => (accessKeyId == null || s.AccessKeyId == accessKeyId) && s.Expiration > now)
                    .ToList();
                ending.ForEach(s => s.Expiration = now);
                return ending.Count;
            }
        }

        /// <summary>Forgets every session.</summary>
        public void Clear()
        {
            lock (_sync)
            {
                _byAccessKey.Clear();
                _byPurpose.Clear();
            }
        }
    }
}
