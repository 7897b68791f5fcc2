using System;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using InstanceProfileTools.Core.Credentials;
using InstanceProfileTools.Core.Validation;

namespace InstanceProfileTools.Core.Connection
{
    /// <summary>
    /// Applies the documented order to the connection settings. Endpoint: -EndpointUrl, then
    /// AWS_ENDPOINT_URL_IAM / AWS_ENDPOINT_URL_EC2, then AWS_ENDPOINT_URL, then the service's own. Region: -Region,
    /// then the -AwsProfile's region, then AWS_REGION, AWS_DEFAULT_REGION and the default profile's region; with an explicit endpoint,
    /// us-east-1; for EC2 alone, last, the instance metadata's region. Credentials: -Credential, then -AwsProfile, then the SDK's chain.
    /// </summary>
    internal static class AwsConnectionResolver
    {
        /// <summary>The region that signs requests to an explicit endpoint when none is configured.</summary>
        public const string DefaultEndpointRegion = "us-east-1";

        public static AwsConnection Resolve(AwsConnectionOptions options, AwsEnvironment environment)
        {
            // Given but blank, each would read as "not given" below and fall through to the environment's choice.
            if (options.AwsProfile is not null) Validate.AwsProfile(options.AwsProfile);
            string? explicitEndpoint = Endpoint(options.EndpointUrl, "EndpointUrl");
            string? iamEndpoint = explicitEndpoint ?? Endpoint(EnvironmentEndpoint(environment, "AWS_ENDPOINT_URL_IAM"), "AWS_ENDPOINT_URL_IAM");
            string? ec2Endpoint = explicitEndpoint ?? Endpoint(EnvironmentEndpoint(environment, "AWS_ENDPOINT_URL_EC2"), "AWS_ENDPOINT_URL_EC2");
            string? stsEndpoint = explicitEndpoint ?? Endpoint(EnvironmentEndpoint(environment, "AWS_ENDPOINT_URL_STS"), "AWS_ENDPOINT_URL_STS");

            // -ProfileLocation names another credentials file, read anew for this command.
            CredentialProfileStoreChain profiles = options.ProfileLocation is { } location ? new CredentialProfileStoreChain(location) : environment.Profiles;
            string? region = Region(options, environment, profiles);
            AWSCredentials credentials = AwsCredentialResolver.Resolve(options, profiles);

            // IAM is global: without a region it is the standard partition's IAM, signed for us-east-1.
            string iamRegion = region ?? DefaultEndpointRegion;
            string? ec2Region = region ?? (ec2Endpoint != null ? DefaultEndpointRegion : null);
            return new AwsConnection(iamEndpoint, iamRegion, ec2Endpoint, ec2Region, credentials, stsEndpoint);
        }

        private static string? EnvironmentEndpoint(AwsEnvironment environment, string serviceVariable)
        {
            string? service = environment.Variable(serviceVariable);
            return !string.IsNullOrWhiteSpace(service) ? service : NullIfBlank(environment.Variable("AWS_ENDPOINT_URL"));
        }

        private static string? Region(AwsConnectionOptions options, AwsEnvironment environment, CredentialProfileStoreChain profiles)
        {
            if (options.Region is not null)
            {
                string trimmed = options.Region.Trim();
                return Checked(trimmed.Length == 0 ? options.Region : trimmed, "Region");
            }

            if (!string.IsNullOrWhiteSpace(options.AwsProfile)
                && profiles.TryGetProfile(options.AwsProfile, out CredentialProfile profile)
                && profile.Region != null)
            {
                return Checked(profile.Region.SystemName, $"AWS profile '{options.AwsProfile}'");
            }

            string? awsRegion = NullIfBlank(environment.Variable("AWS_REGION"));
            if (awsRegion != null)
            {
                return Checked(awsRegion, "AWS_REGION");
            }

            string? awsDefaultRegion = NullIfBlank(environment.Variable("AWS_DEFAULT_REGION"));
            if (awsDefaultRegion != null)
            {
                return Checked(awsDefaultRegion, "AWS_DEFAULT_REGION");
            }

            string defaultProfile = NullIfBlank(environment.Variable("AWS_PROFILE")) ?? "default";
            if (string.IsNullOrWhiteSpace(options.AwsProfile)
                && profiles.TryGetProfile(defaultProfile, out CredentialProfile fallback)
                && fallback.Region != null)
            {
                return Checked(fallback.Region.SystemName, $"AWS profile '{defaultProfile}'");
            }

            // Instance metadata, the chain's last source, is asked only when EC2 is called (see AwsClientFactory):
            // off EC2 the probe takes seconds, which an IAM-only command must not wait for.
            return null;
        }

        // The SDK refuses a malformed region only when a client is configured, with an exception no cmdlet maps;
        // refusing it here names the rule and where the value came from, before any call.
        private static string Checked(string region, string source)
        {
            Validate.Region(region, source);
            return region;
        }

        private static string? Endpoint(string? value, string source) => value is null ? null : Validate.EndpointUrl(value, source);

        private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
    }
}
