namespace InstanceProfileTools.Core.Credentials
{
    /// <summary>An access key and secret (a PSCredential's user name and password), optionally a session token.</summary>
    public sealed record AccessKeyCredential(string AccessKeyId, string SecretAccessKey, string? SessionToken = null)
    {
        // Records print every member; a secret must never reach output or logs.
        public override string ToString() => $"AccessKeyCredential {{ AccessKeyId = {AccessKeyId} }}";
    }
}
