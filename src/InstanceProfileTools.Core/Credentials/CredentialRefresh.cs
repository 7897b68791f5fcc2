using Amazon.Runtime;

namespace InstanceProfileTools.Core.Credentials
{
    /// <summary>
    /// Forces credentials that the SDK refreshes (assume-role, SSO, container and instance credentials) to be fetched
    /// again, when AWS says the ones in hand expired before their own expiry said so (revoked, or a clock apart): a
    /// long rollout then outlives any one session.
    /// </summary>
    internal static class CredentialRefresh
    {
        /// <summary>Clears the cached credentials; false when these cannot be refreshed (static keys, a foreign object).</summary>
        public static bool TryRefresh(AWSCredentials? credentials)
        {
            if (credentials is DefaultChainCredentials chain)
            {
                return chain.TryRefresh();
            }

            if (credentials is RefreshingAWSCredentials refreshing)
            {
                refreshing.ClearCredentials();
                return true;
            }

            return false;
        }
    }
}
