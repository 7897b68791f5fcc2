using System;
using Amazon.Runtime.CredentialManagement;
using Amazon.Util;

namespace InstanceProfileTools.Core.Connection
{
    /// <summary>
    /// Where the connection settings come from besides the cmdlet's parameters: environment variables, the shared
    /// config and credentials files, instance metadata. Tests give their own, so that they never touch the process's.
    /// </summary>
    internal sealed class AwsEnvironment
    {
        public AwsEnvironment(Func<string, string?> variable, CredentialProfileStoreChain profiles, Func<string?> instanceMetadataRegion)
        {
            Variable = variable;
            Profiles = profiles;
            InstanceMetadataRegion = instanceMetadataRegion;
        }

        /// <summary>The real process environment and the default file locations (read anew on each use).</summary>
        public static AwsEnvironment Process =>
            new(Environment.GetEnvironmentVariable, new CredentialProfileStoreChain(), () => EC2InstanceMetadata.Region?.SystemName);

        public Func<string, string?> Variable { get; }

        public CredentialProfileStoreChain Profiles { get; }

        /// <summary>The region of the EC2 instance this runs on, if it runs on one (the chain's last resort).</summary>
        public Func<string?> InstanceMetadataRegion { get; }
    }
}
