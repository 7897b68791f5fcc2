using System;

namespace InstanceProfileTools.Sandbox.Identity
{
    /// <summary>
    /// Temporary credentials minted by AssumeRole: who they act as and until when. The secret and the token live
    /// only here, in memory; nothing else (log, admin answer, state file) ever holds them.
    /// </summary>
    public sealed class RoleSession
    {
        /// <summary>Creates the session.</summary>
        public RoleSession(string accessKeyId, string secretAccessKey, string sessionToken, string accountId, string roleArn, string roleName, string roleId, string sessionName, DateTimeOffset expiration)
        {
            AccessKeyId = accessKeyId;
            SecretAccessKey = secretAccessKey;
            SessionToken = sessionToken;
            AccountId = accountId;
            RoleArn = roleArn;
            RoleName = roleName;
            RoleId = roleId;
            SessionName = sessionName;
            Expiration = expiration;
        }

        /// <summary>The ASIA... key id.</summary>
        public string AccessKeyId { get; }

        /// <summary>The secret the requests are signed with.</summary>
        public string SecretAccessKey { get; }

        /// <summary>The token every request must carry as X-Amz-Security-Token.</summary>
        public string SessionToken { get; }

        /// <summary>The role's account: the account the credentials act in.</summary>
        public string AccountId { get; }

        /// <summary>The role's ARN, path included.</summary>
        public string RoleArn { get; }

        /// <summary>The role's name.</summary>
        public string RoleName { get; }

        /// <summary>The role's AROA... id.</summary>
        public string RoleId { get; }

        /// <summary>The RoleSessionName the caller chose.</summary>
        public string SessionName { get; }

        /// <summary>When the credentials stop working; the admin endpoint can bring it forward.</summary>
        public DateTimeOffset Expiration { get; set; }

        /// <summary>arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION, as STS names the session (no role path).</summary>
        public string AssumedRoleArn => $"arn:aws:sts::{AccountId}:assumed-role/{RoleName}/{SessionName}";

        /// <summary>The role's id and the session name: AROA...:SESSION.</summary>
        public string AssumedRoleId => RoleId + ":" + SessionName;
    }
}
