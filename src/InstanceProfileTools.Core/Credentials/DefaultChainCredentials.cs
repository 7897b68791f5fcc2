using System;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace InstanceProfileTools.Core.Credentials
{
    /// <summary>
    /// The SDK's default credential chain (environment, shared config and credentials files, SSO, container and
    /// instance metadata), resolved on first use rather than when the clients are built, so that a command that
    /// makes no call needs no credentials. When the chain finds nothing, the error says how to supply some.
    /// </summary>
    internal sealed class DefaultChainCredentials : AWSCredentials
    {
        public const string NoCredentialsMessage =
            "No AWS credentials were found. Give -Credential or -AwsProfile, set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY " +
            "(or AWS_PROFILE), or run 'aws configure' to create a profile.";

        private readonly Lazy<Task<AWSCredentials>> _resolved = new(() => DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync());

        public override ImmutableCredentials GetCredentials() => GetCredentialsAsync().GetAwaiter().GetResult();

        public override async Task<ImmutableCredentials> GetCredentialsAsync()
        {
            AWSCredentials credentials;
            try
            {
                credentials = await _resolved.Value.ConfigureAwait(false);
            }
            catch (AmazonClientException error)
            {
                throw new InstanceProfileToolsException(ErrorIds.NoCredentials, FailureKind.AuthenticationError, null,
                    NoCredentialsMessage + " (" + error.Message + ")", error);
            }

            return await credentials.GetCredentialsAsync().ConfigureAwait(false);
        }

        /// <summary>Refreshes the credentials the chain found, when they are of a kind that refreshes.</summary>
        internal bool TryRefresh() =>
            _resolved.IsValueCreated && _resolved.Value.Status == TaskStatus.RanToCompletion && CredentialRefresh.TryRefresh(_resolved.Value.Result);

        public override string ToString() => "DefaultChainCredentials";
    }
}
