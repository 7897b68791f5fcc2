using InstanceProfileTools.Sandbox.Auth;
using InstanceProfileTools.Sandbox.Protocol;
using Xunit;

namespace InstanceProfileTools.Sandbox.Tests
{
    /// <summary>What each service answers a badly signed request, in AWS's words.</summary>
    [Trait("Category", "Auth")]
    public sealed class AuthErrorTests
    {
        private const string Mismatch = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

        private static readonly SigV4Result s_mismatch = new(SigV4Outcome.BadSignature, "iam")
        {
            CanonicalRequest = "POST\n/\n\nhost:h\nx-amz-security-token:tok\n\nhost;x-amz-security-token\nabc",
            StringToSign = "AWS4-HMAC-SHA256\n20261126T120000Z\n20261126/us-east-1/iam/aws4_request\ndef",
        };

        [Fact]
        public void IamEchoesTheCanonicalRequestAndStringToSignAsAwsDoes()
        {
            AwsServiceException error = AuthErrors.For(ServiceKind.Iam, s_mismatch)!;

            Assert.Equal(("SignatureDoesNotMatch", 403), (error.Code, error.Status));
            Assert.Equal(
                Mismatch + "\n\nThe Canonical String for this request should have been\n'" + s_mismatch.CanonicalRequest + "'\n\n" +
                "The String-to-Sign should have been\n'" + s_mismatch.StringToSign + "'\n",
                error.Message);
        }

        [Fact]
        public void IamAnswersTheBareMessageWhenTheVerifierComputedNothing()
        {
            // Refused before the canonical request was built (a scope date other than X-Amz-Date, say).
            Assert.Equal(Mismatch, AuthErrors.For(ServiceKind.Iam, new SigV4Result(SigV4Outcome.BadSignature, "iam"))!.Message);
        }

        [Fact]
        public void Ec2AnswersAuthFailureWithoutEcho()
        {
            AwsServiceException error = AuthErrors.For(ServiceKind.Ec2, s_mismatch)!;

            Assert.Equal(("AuthFailure", 401, "AWS was not able to validate the provided access credentials"), (error.Code, error.Status, error.Message));
        }
    }
}
