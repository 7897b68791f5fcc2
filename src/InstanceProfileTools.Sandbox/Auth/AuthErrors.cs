using InstanceProfileTools.Sandbox.Protocol;

namespace InstanceProfileTools.Sandbox.Auth
{
    /// <summary>
    /// What each service answers a request it cannot authenticate. IAM and STS (the query protocol) answer 403s
    /// in their own codes; EC2 answers AuthFailure, 401, for every credential problem (EVIDENCE row 17).
    /// </summary>
    public static class AuthErrors
    {
        private const string Ec2Message = "AWS was not able to validate the provided access credentials";

        /// <summary>AWS's answer to a request that is not properly signed, per service; null when it is.</summary>
        public static AwsServiceException? For(ServiceKind service, SigV4Result auth)
        {
            bool query = service != ServiceKind.Ec2;
            return auth.Outcome switch
            {
                SigV4Outcome.Valid => null,
                SigV4Outcome.Missing => query
                    ? new AwsServiceException("MissingAuthenticationToken", "Request is missing Authentication Token", 403)
                    : Ec2AuthFailure(),
                SigV4Outcome.Incomplete => new AwsServiceException("IncompleteSignature", auth.Detail ?? "The request signature is incomplete.", 400),
                SigV4Outcome.UnknownKey => InvalidToken(service),
                SigV4Outcome.Expired => query
                    ? new AwsServiceException("SignatureDoesNotMatch", auth.Detail ?? "Signature expired.", 403)
                    : new AwsServiceException("RequestExpired", "Request has expired.", 400),
                SigV4Outcome.PayloadHashMismatch => new AwsServiceException("XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.", 400),
                _ => query
                    ? new AwsServiceException("SignatureDoesNotMatch", service == ServiceKind.Iam ? SignatureMismatchMessage(auth) : Mismatch, 403)
                    : Ec2AuthFailure(),
            };
        }

        /// <summary>
        /// Credentials the service does not take: an unknown key, a session token that is not the key's, a region
        /// that is not enabled. IAM and STS: InvalidClientTokenId, 403 (99designs/aws-vault#328; STS in a region the
        /// account has not enabled answers the same, remotion-dev/github-unwrapped-2022#34). EC2: AuthFailure, 401,
        /// which is also its answer in a region not enabled (turbot/steampipe-plugin-aws#75, fog/fog-aws#585).
        /// </summary>
        public static AwsServiceException InvalidToken(ServiceKind service) => service == ServiceKind.Ec2
            ? Ec2AuthFailure()
            : new AwsServiceException("InvalidClientTokenId", "The security token included in the request is invalid.", 403);

        /// <summary>
        /// Temporary credentials past their expiration. IAM and STS: ExpiredToken, 403 (aws/aws-sdk-java-v2#1649 shows
        /// STS's 403, though the model says 400; miasma-rb/miasma#23 "Forbidden - ExpiredToken"). EC2: RequestExpired,
        /// "Request has expired.", 400 (guardian/ssm-scala#60, aws/aws-sdk-ruby#143: expired role credentials).
        /// </summary>
        public static AwsServiceException ExpiredToken(ServiceKind service) => service == ServiceKind.Ec2
            ? new AwsServiceException("RequestExpired", "Request has expired.", 400)
            : new AwsServiceException("ExpiredToken", "The security token included in the request is expired", 403);

        /// <summary>
        /// IAM's SignatureDoesNotMatch message. Like AWS's (the IAM User Guide, "Troubleshoot signed requests": "The
        /// error response includes the canonical request and the string to sign that the service calculated"; the
        /// wording as aws/aws-cli#5341 shows it), it ends with what the sandbox computed when it got that far, so a
        /// session token signed as a header comes back in the message, as it does from AWS.
        /// </summary>
        public static string SignatureMismatchMessage(SigV4Result auth) =>
            auth.CanonicalRequest == null || auth.StringToSign == null
                ? Mismatch
                : $"{Mismatch}\n\nThe Canonical String for this request should have been\n'{auth.CanonicalRequest}'\n\nThe String-to-Sign should have been\n'{auth.StringToSign}'\n";

        private const string Mismatch = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

        private static AwsServiceException Ec2AuthFailure() => new AwsServiceException("AuthFailure", Ec2Message, 401);
    }
}
