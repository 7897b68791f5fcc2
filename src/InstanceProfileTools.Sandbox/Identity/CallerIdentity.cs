using InstanceProfileTools.Sandbox.State;

namespace InstanceProfileTools.Sandbox.Identity
{
    /// <summary>Who signed a request: an account's IAM user (a long-term key) or an assumed-role session.</summary>
    public sealed class CallerIdentity
    {
        /// <summary>The IAM user every long-term key of an account belongs to.</summary>
        public const string UserName = "sandbox";

        private CallerIdentity(string accountId, string arn, string userId, string? roleArn)
        {
            AccountId = accountId;
            Arn = arn;
            UserId = userId;
            RoleArn = roleArn;
        }

        /// <summary>The account the caller acts in.</summary>
        public string AccountId { get; }

        /// <summary>What GetCallerIdentity answers as Arn: the user's or the assumed-role session's ARN.</summary>
        public string Arn { get; }

        /// <summary>What GetCallerIdentity answers as UserId: AIDA... for a user, AROA...:SESSION for a session.</summary>
        public string UserId { get; }

        /// <summary>For a session, the assumed role's ARN (path included), which a trust policy may name; else null.</summary>
        public string? RoleArn { get; }

        /// <summary>Whether the caller is an assumed-role session (assuming another role is then role chaining).</summary>
        public bool IsRoleSession => RoleArn != null;

        /// <summary>
        /// The user of a long-term key: arn:aws:iam::ACCOUNT:user/sandbox. Its AIDA... id (21 characters, as IAM's unique
        /// ids, EVIDENCE row 9) is derived from the account, so it stays the same across restarts and for every key of
        /// the account (one user, several keys).
        /// </summary>
        public static CallerIdentity User(string accountId) =>
            new CallerIdentity(accountId, $"arn:aws:iam::{accountId}:user/{UserName}", IdGenerator.Derived("AIDA", "user/" + UserName + "@" + accountId, 17), null);

        /// <summary>An assumed-role session.</summary>
        public static CallerIdentity Session(RoleSession session) =>
            new CallerIdentity(session.AccountId, session.AssumedRoleArn, session.AssumedRoleId, session.RoleArn);
    }
}
