using Amazon.Runtime;

namespace InstanceProfileTools.Core.Connection
{
    /// <summary>
    /// How the clients will reach AWS once every source is consulted.
    /// </summary>
    /// <param name="IamEndpoint">An explicit IAM endpoint, or null for IAM's global endpoint of the region's partition.</param>
    /// <param name="IamRegion">The region that picks IAM's partition, or signs requests to an explicit endpoint.</param>
    /// <param name="Ec2Endpoint">An explicit EC2 endpoint, or null for the region's.</param>
    /// <param name="Ec2Region">EC2's region; null when none was configured (instance metadata is then asked, once EC2 is called).</param>
    /// <param name="Credentials">What requests are signed with.</param>
    /// <param name="StsEndpoint">An explicit STS endpoint, or null for the region's.</param>
    internal sealed record AwsConnection(
        string? IamEndpoint,
        string IamRegion,
        string? Ec2Endpoint,
        string? Ec2Region,
        AWSCredentials Credentials,
        string? StsEndpoint = null);
}
