using System.Management.Automation;
using InstanceProfileTools.Core;

namespace InstanceProfileTools.Infrastructure
{
    /// <summary>
    /// Turns -Credential into what Core takes: a PSCredential becomes an access key and secret; anything else
    /// (an AWSCredentials from any loaded AWS SDK) passes through for Core to adapt, since its type may live in
    /// another load context than ours.
    /// </summary>
    internal static class CredentialAdapter
    {
        public static object? ToCore(object? credential)
        {
            object? value = credential is PSObject wrapped ? wrapped.BaseObject : credential;
            if (value is PSCredential psCredential)
            {
                return new AccessKeyCredential(psCredential.UserName, psCredential.GetNetworkCredential().Password);
            }

            return value;
        }
    }
}
