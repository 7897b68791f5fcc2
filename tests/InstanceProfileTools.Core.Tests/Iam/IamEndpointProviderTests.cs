using Amazon.Runtime.Endpoints;
using InstanceProfileTools.Core.Connection;
using InstanceProfileTools.Core.Iam;
using Xunit;

namespace InstanceProfileTools.Core.Tests.Iam
{
    /// <summary>IAM's one endpoint per partition and its signing region.</summary>
    [Trait("Category", "Unit")]
    public sealed class IamEndpointProviderTests
    {
        [Theory]
        [InlineData("us-east-1", "https://iam.amazonaws.com", "us-east-1")]
        [InlineData("eu-west-1", "https://iam.amazonaws.com", "us-east-1")]
        [InlineData("ap-southeast-2", "https://iam.amazonaws.com", "us-east-1")]
        [InlineData("cn-north-1", "https://iam.cn-north-1.amazonaws.com.cn", "cn-north-1")]
        [InlineData("cn-northwest-1", "https://iam.cn-north-1.amazonaws.com.cn", "cn-north-1")]
        [InlineData("us-gov-west-1", "https://iam.us-gov.amazonaws.com", "us-gov-west-1")]
        [InlineData("us-gov-east-1", "https://iam.us-gov.amazonaws.com", "us-gov-west-1")]
        public void UsesThePartitionsGlobalEndpoint(string region, string url, string signingRegion)
        {
            Endpoint endpoint = Resolve(region, null);

            Assert.Equal(url, endpoint.URL.TrimEnd('/'));
            Assert.Equal(signingRegion, SigningRegion(endpoint));
        }

        [Theory]
        [InlineData("eu-west-1", "eu-west-1")]
        [InlineData(null, "us-east-1")]
        public void SignsAnExplicitEndpointForTheConfiguredRegion(string? region, string signingRegion)
        {
            Endpoint endpoint = Resolve(region, "http://127.0.0.1:4566");

            Assert.Equal("http://127.0.0.1:4566", endpoint.URL.TrimEnd('/'));
            Assert.Equal(signingRegion, SigningRegion(endpoint));
        }

        [Fact]
        public void BuildsAClientConfigThatResolvesTheGlobalEndpoint()
        {
            IamClientConfig config = AwsClientFactory.CreateIamConfig(
                new AwsConnection(null, "cn-northwest-1", null, "cn-northwest-1", new Amazon.Runtime.BasicAWSCredentials("a", "b")), null);

            Endpoint endpoint = config.DetermineServiceOperationEndpoint(new ServiceOperationEndpointParameters(IamRequests.GetInstanceProfile("web")));

            Assert.Equal("https://iam.cn-north-1.amazonaws.com.cn", endpoint.URL.TrimEnd('/'));
        }

        private static Endpoint Resolve(string? region, string? explicitEndpoint)
        {
            var parameters = new EndpointParameters();
            parameters["Region"] = region;
            parameters["Endpoint"] = explicitEndpoint;
            return new IamEndpointProvider().ResolveEndpoint(parameters);
        }

        private static string SigningRegion(Endpoint endpoint)
        {
            var schemes = (System.Collections.IList)endpoint.Attributes["authSchemes"];
            var scheme = (PropertyBag)schemes[0]!;
            Assert.Equal("sigv4", scheme["name"]);
            Assert.Equal("iam", scheme["signingName"]);
            return (string)scheme["signingRegion"];
        }
    }
}
