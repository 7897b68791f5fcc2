namespace InstanceProfileTools.Sandbox.Auth
{
    /// <summary>The outcome of verifying one request, with what could be read from its credential scope.</summary>
    public sealed class SigV4Result
    {
        /// <summary>Creates the result.</summary>
        public SigV4Result(SigV4Outcome outcome, string? service, string? detail = null)
        {
            Outcome = outcome;
            Service = service;
            Detail = detail;
        }

        /// <summary>What was found.</summary>
        public SigV4Outcome Outcome { get; }

        /// <summary>The service named in the credential scope (iam, ec2), when there was one.</summary>
        public string? Service { get; }

        /// <summary>Extra words for the error message (never a secret).</summary>
        public string? Detail { get; }

        /// <summary>The access key that signed a valid request (its account owns the request-limit buckets).</summary>
        public string? AccessKey { get; init; }

        /// <summary>The region named in the credential scope of a valid request.</summary>
        public string? Region { get; init; }

        /// <summary>
        /// The canonical request the sandbox computed for a request whose signature did not match. AWS's
        /// SignatureDoesNotMatch answer echoes it, session token header included, to the client that sent it: it
        /// belongs in that answer and never in the log.
        /// </summary>
        public string? CanonicalRequest { get; init; }

        /// <summary>The string to sign the sandbox computed for a request whose signature did not match (see <see cref="CanonicalRequest"/>).</summary>
        public string? StringToSign { get; init; }
    }
}
