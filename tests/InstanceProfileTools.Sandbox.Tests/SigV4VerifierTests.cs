using System;
using System.Collections.Generic;
using System.Text;
using InstanceProfileTools.Sandbox.Auth;
using InstanceProfileTools.Sandbox.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Sandbox.Tests
{
    [Trait("Category", "Auth")]
    public sealed class SigV4VerifierTests
    {
        private const string Body = "Action=ListRoles&Version=2010-05-08";
        private static readonly DateTimeOffset s_now = new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
        private readonly SigV4Verifier _verifier = new SigV4Verifier(new Dictionary<string, string> { ["test"] = "test", ["AKIDTWO"] = "two" });

        [Fact]
        public void AcceptsAwsPublishedExampleRequest()
        {
            // The GET ListUsers example of AWS's SigV4 documentation, with its published signature.
            var verifier = new SigV4Verifier(new Dictionary<string, string> { ["AKIDEXAMPLE"] = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" });
            var headers = new Dictionary<string, string>
            {
                ["content-type"] = "application/x-www-form-urlencoded; charset=utf-8",
                ["host"] = "iam.amazonaws.com",
                ["x-amz-date"] = "20150830T123600Z",
                ["authorization"] = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7",
            };

            SigV4Result result = verifier.Verify("GET", "/", "Action=ListUsers&Version=2010-05-08", headers, Array.Empty<byte>(), new DateTimeOffset(2015, 8, 30, 12, 36, 0, TimeSpan.Zero));

            Assert.Equal(SigV4Outcome.Valid, result.Outcome);
            Assert.Equal("iam", result.Service);
        }

        [Theory]
        [InlineData("test", "test", "iam")]
        [InlineData("AKIDTWO", "two", "ec2")]
        public void AcceptsRequestSignedByIndependentSigner(string accessKey, string secret, string service)
        {
            Dictionary<string, string> headers = TestSigner.SignedHeaders("127.0.0.1:5000", Body, accessKey, secret, service, s_now);

            SigV4Result result = Verify(headers, Body);

            Assert.Equal(SigV4Outcome.Valid, result.Outcome);
            Assert.Equal(service, result.Service);
        }

        [Fact]
        public void RefusesWrongSecret()
        {
            Assert.Equal(SigV4Outcome.BadSignature, Verify(TestSigner.SignedHeaders("h", Body, "test", "wrong", "iam", s_now), Body).Outcome);
        }

        [Fact]
        public void KeepsTheCanonicalRequestAndStringToSignOfAWrongSecretForTheAnswer()
        {
            Dictionary<string, string> headers = TestSigner.SignedHeaders("h", Body, "test", "wrong", "iam", s_now, sessionToken: "tok/en+1==");

            SigV4Result result = Verify(headers, Body);

            // Built here from the specification, as AWS's answer shows them.
            string canonical = "POST\n/\n\ncontent-type:application/x-www-form-urlencoded; charset=utf-8\nhost:h\nx-amz-date:20261126T120000Z\n" +
                "x-amz-security-token:tok/en+1==\n\ncontent-type;host;x-amz-date;x-amz-security-token\n" + Hex(Encoding.UTF8.GetBytes(Body));
            Assert.Equal(SigV4Outcome.BadSignature, result.Outcome);
            Assert.Equal(canonical, result.CanonicalRequest);
            Assert.Equal("AWS4-HMAC-SHA256\n20261126T120000Z\n20261126/us-east-1/iam/aws4_request\n" + Hex(Encoding.UTF8.GetBytes(canonical)), result.StringToSign);
        }

        [Fact]
        public void KeepsNoCanonicalRequestOfAValidRequest()
        {
            Assert.Null(Verify(TestSigner.SignedHeaders("h", Body, "test", "test", "iam", s_now, sessionToken: "tok"), Body).CanonicalRequest);
        }

        [Fact]
        public void RefusesUnknownKeyButKeepsItsService()
        {
            SigV4Result result = Verify(TestSigner.SignedHeaders("h", Body, "AKIDNOBODY", "test", "ec2", s_now), Body);

            Assert.Equal(SigV4Outcome.UnknownKey, result.Outcome);
            Assert.Equal("ec2", result.Service);
        }

        [Fact]
        public void RefusesChangedBody()
        {
            Dictionary<string, string> headers = TestSigner.SignedHeaders("h", Body, "test", "test", "iam", s_now);

            Assert.Equal(SigV4Outcome.BadSignature, Verify(headers, Body + "&MaxItems=1").Outcome);
        }

        [Fact]
        public void RefusesBodyThatDoesNotHashToDeclaredHash()
        {
            Dictionary<string, string> headers = TestSigner.SignedHeaders("h", Body, "test", "test", "iam", s_now);
            headers["x-amz-content-sha256"] = new string('0', 64);

            Assert.Equal(SigV4Outcome.PayloadHashMismatch, Verify(headers, Body).Outcome);
        }

        [Fact]
        public void RefusesScopeDateOtherThanRequestDate()
        {
            // Correctly signed, but under a scope for another day than X-Amz-Date: AWS refuses that.
            Dictionary<string, string> headers = TestSigner.SignedHeaders("h", Body, "test", "test", "iam", s_now, scopeDate: "20261125");

            Assert.Equal(SigV4Outcome.BadSignature, Verify(headers, Body).Outcome);
        }

        [Fact]
        public void ReportsMissingAuthorization()
        {
            Assert.Equal(SigV4Outcome.Missing, Verify(new Dictionary<string, string> { ["host"] = "h" }, Body).Outcome);
        }

        [Fact]
        public void ReportsIncompleteAuthorization()
        {
            var headers = new Dictionary<string, string> { ["host"] = "h", ["authorization"] = "AWS4-HMAC-SHA256 Credential=test/20261126/us-east-1/iam/aws4_request" };

            Assert.Equal(SigV4Outcome.Incomplete, Verify(headers, Body).Outcome);
        }

        [Theory]
        [InlineData(-16)]
        [InlineData(16)]
        public void RefusesClockSkewBeyondFifteenMinutes(int minutes)
        {
            Dictionary<string, string> headers = TestSigner.SignedHeaders("h", Body, "test", "test", "iam", s_now.AddMinutes(minutes));

            Assert.Equal(SigV4Outcome.Expired, Verify(headers, Body).Outcome);
        }

        [Theory]
        [InlineData(-14)]
        [InlineData(14)]
        public void AcceptsClockSkewWithinFifteenMinutes(int minutes)
        {
            Dictionary<string, string> headers = TestSigner.SignedHeaders("h", Body, "test", "test", "iam", s_now.AddMinutes(minutes));

            Assert.Equal(SigV4Outcome.Valid, Verify(headers, Body).Outcome);
        }

        [Fact]
        public void CanonicalQuerySortsAndReencodes()
        {
            Assert.Equal("A=1&B=x%20y&B=z&C=%2A", SigV4Verifier.CanonicalQuery("C=*&B=z&B=x%20y&A=1"));
        }

        private static string Hex(byte[] data) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(data)).ToLowerInvariant();

        private SigV4Result Verify(Dictionary<string, string> headers, string body) =>
            _verifier.Verify("POST", "/", "", headers, Encoding.UTF8.GetBytes(body), s_now);
    }
}
