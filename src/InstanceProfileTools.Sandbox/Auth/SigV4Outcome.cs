namespace InstanceProfileTools.Sandbox.Auth
{
    /// <summary>What checking a request's signature found.</summary>
    public enum SigV4Outcome
    {
        /// <summary>Signed by a configured key with the right secret.</summary>
        Valid,

        /// <summary>No Authorization header at all.</summary>
        Missing,

        /// <summary>An Authorization header that is not a complete SigV4 one.</summary>
        Incomplete,

        /// <summary>The access key is not configured.</summary>
        UnknownKey,

        /// <summary>The signature does not match (wrong secret, or a changed request).</summary>
        BadSignature,

        /// <summary>The request's date is more than 15 minutes from the server's clock.</summary>
        Expired,

        /// <summary>The body does not hash to x-amz-content-sha256.</summary>
        PayloadHashMismatch,
    }
}
