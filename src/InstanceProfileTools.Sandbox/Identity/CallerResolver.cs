using System;
using System.Security.Cryptography;
using System.Text;
using InstanceProfileTools.Sandbox.Auth;
using InstanceProfileTools.Sandbox.Protocol;
using InstanceProfileTools.Sandbox.State;

namespace InstanceProfileTools.Sandbox.Identity
{
    /// <summary>
    /// Who a validly signed request comes from: the user of a long-term key, or the session of a temporary one,
    /// whose token must come with it and which must not have expired.
    /// </summary>
    public sealed class CallerResolver
    {
        private readonly KeyRing _keys;
        private readonly SessionRegistry _sessions;
        private readonly IClock _clock;

        /// <summary>Creates the resolver.</summary>
        public CallerResolver(KeyRing keys, SessionRegistry sessions, IClock clock)
        {
            _keys = keys;
            _sessions = sessions;
            _clock = clock;
        }

        /// <summary>The secret a request signed with this key must be signed with: a long-term key's, or a session's.</summary>
        public string? SecretOf(string accessKeyId) => _keys.SecretOf(accessKeyId) ?? _sessions.Find(accessKeyId)?.SecretAccessKey;

        /// <summary>
        /// The caller of a request signed by <paramref name="accessKeyId"/> carrying <paramref name="sessionToken"/>
        /// (X-Amz-Security-Token, or null); null with <paramref name="error"/> set to the service's answer when the
        /// credentials are not good. A long-term key ignores any token, as the sandbox always has.
        /// </summary>
        public CallerIdentity? Resolve(ServiceKind service, string accessKeyId, string? sessionToken, out AwsServiceException? error)
        {
            error = null;
            if (_keys.AccountOf(accessKeyId) is string account)
            {
                return CallerIdentity.User(account);
            }

            RoleSession? session = _sessions.Find(accessKeyId);
            if (session == null || sessionToken == null ||
                !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sessionToken), Encoding.UTF8.GetBytes(session.SessionToken)))
            {
                error = AuthErrors.InvalidToken(service);
                return null;
            }

            if (_clock.UtcNow >= session.Expiration)
            {
                error = AuthErrors.ExpiredToken(service);
                return null;
            }

            return CallerIdentity.Session(session);
        }
    }
}
