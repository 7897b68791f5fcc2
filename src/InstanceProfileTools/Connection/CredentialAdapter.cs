using System.Management.Automation;
using InstanceProfileTools.Core;
using InstanceProfileTools.Core.Credentials;
using InstanceProfileTools.Input;

namespace InstanceProfileTools.Connection
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

            // A PowerShell class runs its methods in the runspace that defined it, and that runspace is busy
            // running this cmdlet: asked from Core's worker thread it would wait forever. Ask it once, here, on the
            // pipeline thread. (Compiled credential types, such as AWS.Tools', are asked on every signing.)
            if (value is not null && value.GetType().Assembly.IsDynamic)
            {
                return CredentialSnapshot.TryTake(value) ?? value;
            }

            return value;
        }
    }
}
