using InstanceProfileTools.Core.Credentials;

namespace InstanceProfileTools.Core.Connection
{
    /// <summary>
    /// How to reach AWS, from the common cmdlet parameters. Unset members fall back to the standard AWS chain
    /// (environment, shared config and credentials files, SSO, container and instance metadata) and to
    /// AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_IAM / AWS_ENDPOINT_URL_EC2.
    /// </summary>
    public sealed record AwsConnectionOptions
    {
        /// <summary>The region, such as <c>eu-west-1</c>.</summary>
        public string? Region { get; init; }

        /// <summary>The AWS credential profile name (from the shared config/credentials files).</summary>
        public string? AwsProfile { get; init; }

        /// <summary>
        /// An <c>Amazon.Runtime.AWSCredentials</c> from any loaded AWSSDK (bound loosely: it may come from another
        /// load context), or an access key / secret pair as <see cref="AccessKeyCredential"/>.
        /// </summary>
        public object? Credential { get; init; }

        /// <summary>A shared credentials file to read profiles from instead of the default (AWS.Tools' -ProfileLocation).</summary>
        public string? ProfileLocation { get; init; }

        /// <summary>One endpoint for both services (the sandbox serves IAM and EC2 on one URL).</summary>
        public string? EndpointUrl { get; init; }
    }
}
