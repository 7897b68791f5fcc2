namespace InstanceProfileTools.Core.Iam
{
    /// <summary>A partition's IAM endpoint and the region its requests are signed for.</summary>
    public sealed record IamGlobalEndpoint(string Partition, string Url, string SigningRegion);
}
