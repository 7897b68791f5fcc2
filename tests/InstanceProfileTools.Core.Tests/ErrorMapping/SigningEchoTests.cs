using System;
using System.Net;
using Amazon.Runtime;
using InstanceProfileTools.Core;
using InstanceProfileTools.Core.Diagnostics;
using InstanceProfileTools.Core.ErrorMapping;
using Xunit;

namespace InstanceProfileTools.Core.Tests.ErrorMapping
{
    /// <summary>
    /// AWS's SignatureDoesNotMatch ends with the canonical request it computed, which holds the session token; the
    /// mapped failure keeps the code and the advice but none of the echo (issue 9, point 5).
    /// </summary>
    [Trait("Category", "Unit")]
    public sealed class SigningEchoTests
    {
        private const string Token = "IQoJb3JpZ2lu/Echo+Session/Token==";
        private const string Mismatch = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

        // The shape of AWS's answer (aws/aws-cli#5341), for a request signed with a session token.
        private static readonly string s_awsMessage = Mismatch +
            "\n\nThe Canonical String for this request should have been\n'POST\n/\n\ncontent-type:application/x-www-form-urlencoded; charset=utf-8\n" +
            "host:iam.amazonaws.com\nx-amz-date:20261203T120000Z\nx-amz-security-token:" + Token + "\n\ncontent-type;host;x-amz-date;x-amz-security-token\n" +
            "b6359072c78d70ebee1e81adcbab4f01bf2c23245fa365ef83fe8f1f955085e2'\n\nThe String-to-Sign should have been\n'AWS4-HMAC-SHA256\n20261203T120000Z\n" +
            "20261203/us-east-1/iam/aws4_request\n3511de7e95d28ecd39e9513b642aee07e54f4941150d8df8bf94b328ef7e55e2'\n";

        private static readonly AwsCall s_call = AwsCall.Iam("GetInstanceProfile", ("InstanceProfileName", "web"));

        [Fact]
        public void AMappedSignatureMismatchKeepsTheTokenOutOfEveryPartOfTheFailure()
        {
            var sdk = new AmazonServiceException(s_awsMessage, new InvalidOperationException("below: " + s_awsMessage), ErrorType.Sender, "SignatureDoesNotMatch", "req-1", HttpStatusCode.Forbidden);

            var error = (AwsServiceException)AwsErrorMap.Map(sdk, s_call);

            Assert.Equal(ErrorIds.AuthenticationFailed, error.ErrorId);
            Assert.DoesNotContain(Token, error.ToString());
            Assert.DoesNotContain(Token, error.ServiceMessage);
            Assert.StartsWith(Mismatch + " " + SigningEcho.LeftOut, error.ServiceMessage);
            Assert.Contains("AWS did not accept the credentials", error.Message);
            AmazonServiceException cleaned = Assert.IsType<AmazonServiceException>(error.InnerException);
            Assert.Equal(("SignatureDoesNotMatch", "req-1", HttpStatusCode.Forbidden, ErrorType.Sender), (cleaned.ErrorCode, cleaned.RequestId, cleaned.StatusCode, cleaned.ErrorType));
            Assert.Null(cleaned.InnerException);
        }

        [Fact]
        public void AClientFailureWhoseInnerExceptionEchoesASigningIsCleanedToo()
        {
            // An assumed role's own STS call refused: the SDK wraps STS's answer in a client exception.
            var sts = new AmazonServiceException(s_awsMessage, null, ErrorType.Sender, "SignatureDoesNotMatch", "req-2", HttpStatusCode.Forbidden);
            var client = new AmazonClientException("Error calling AssumeRole for role arn:aws:iam::123456789012:role/ops", sts);

            var error = (AwsServiceException)AwsErrorMap.Map(client, s_call);

            Assert.DoesNotContain(Token, error.ToString());
            Assert.Contains("Error calling AssumeRole", error.Message);
        }

        [Theory]
        [InlineData("Signed query: Action=ListRoles&X-Amz-Security-Token=IQoJb3JpZ2lu%2FEcho%2BSession%2FToken%3D%3D&Version=2010-05-08", "X-Amz-Security-Token=(left out)&Version")]
        [InlineData("header x-amz-security-token: IQoJb3JpZ2lu/Echo+Session/Token== was refused", "x-amz-security-token: (left out) was")]
        public void TakesATokenQuotedOutsideTheCanonicalStringOut(string message, string expected)
        {
            string cleaned = SigningEcho.Remove(message)!;

            Assert.Contains(expected, cleaned);
            Assert.DoesNotContain("IQoJb3JpZ2lu", cleaned);
        }

        [Fact]
        public void LeavesAMessageWithoutEchoAndItsExceptionAsTheyAre()
        {
            var sdk = new AmazonServiceException("Instance Profile web cannot be found.", null, ErrorType.Sender, "NoSuchEntity", "req-3", HttpStatusCode.NotFound);

            var error = (AwsServiceException)AwsErrorMap.Map(sdk, s_call);

            Assert.Equal("Instance Profile web cannot be found.", error.ServiceMessage);
            Assert.Same(sdk, error.InnerException);
        }
    }
}
