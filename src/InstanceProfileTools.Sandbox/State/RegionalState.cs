namespace InstanceProfileTools.Sandbox.State
{
    /// <summary>One account's EC2 in one region, named: what the admin endpoint walks to list instances and events.</summary>
    public sealed class RegionalState
    {
        /// <summary>Creates the pairing.</summary>
        public RegionalState(string accountId, string region, AccountState account, RegionState state)
        {
            AccountId = accountId;
            Region = region;
            Account = account;
            State = state;
        }

        /// <summary>The 12-digit account.</summary>
        public string AccountId { get; }

        /// <summary>The region name.</summary>
        public string Region { get; }

        /// <summary>The account (for its IAM).</summary>
        public AccountState Account { get; }

        /// <summary>The region's EC2.</summary>
        public RegionState State { get; }
    }
}
