using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using InstanceProfileTools.Core;
using InstanceProfileTools.Core.Connection;
using InstanceProfileTools.Core.Credentials;
using InstanceProfileTools.Core.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Core.Tests.Connection
{
    /// <summary>The documented order of endpoints, regions and credentials, over a fake environment.</summary>
    [Trait("Category", "Unit")]
    public sealed class AwsConnectionResolverTests
    {
        private const string CredentialsFile = @"[ops]
aws_access_key_id = AKIDOPS
aws_secret_access_key = ops-secret
region = eu-central-1

[default]
aws_access_key_id = AKIDDEFAULT
aws_secret_access_key = default-secret
region = ap-southeast-2

[keys-only]
aws_access_key_id = AKIDKEYS
aws_secret_access_key = keys-secret
";

        private static readonly AccessKeyCredential s_keys = new("AKIDEXAMPLE", "secret");

        [Theory]
        [InlineData("http://explicit:1", "http://iam-env:2", "http://ec2-env:3", "http://global:4", "http://explicit:1", "http://explicit:1")]
        [InlineData(null, "http://iam-env:2", "http://ec2-env:3", "http://global:4", "http://iam-env:2", "http://ec2-env:3")]
        [InlineData(null, null, "http://ec2-env:3", "http://global:4", "http://global:4", "http://ec2-env:3")]
        [InlineData(null, null, null, "http://global:4/", "http://global:4", "http://global:4")]
        [InlineData(null, null, null, null, null, null)]
        public void ResolvesEndpointsInOrder(string? explicitUrl, string? iamVariable, string? ec2Variable, string? globalVariable, string? expectedIam, string? expectedEc2)
        {
            var variables = new Dictionary<string, string>();
            Set(variables, "AWS_ENDPOINT_URL_IAM", iamVariable);
            Set(variables, "AWS_ENDPOINT_URL_EC2", ec2Variable);
            Set(variables, "AWS_ENDPOINT_URL", globalVariable);
            variables["AWS_REGION"] = "eu-west-1";
            using var environment = new TestEnvironment(variables);

            AwsConnection connection = AwsConnectionResolver.Resolve(new AwsConnectionOptions { EndpointUrl = explicitUrl, Credential = s_keys }, environment.Environment);

            Assert.Equal(expectedIam, connection.IamEndpoint);
            Assert.Equal(expectedEc2, connection.Ec2Endpoint);
        }

        [Theory]
        [InlineData("us-west-2", "ops", "eu-west-1", "eu-north-1", "us-west-2")]
        [InlineData(null, "ops", "eu-west-1", "eu-north-1", "eu-central-1")]
        [InlineData(null, "keys-only", "eu-west-1", "eu-north-1", "eu-west-1")]
        [InlineData(null, null, "eu-west-1", "eu-north-1", "eu-west-1")]
        [InlineData(null, null, null, "eu-north-1", "eu-north-1")]
        [InlineData(null, null, null, null, "ap-southeast-2")]
        public void ResolvesTheRegionInOrder(string? region, string? profile, string? awsRegion, string? awsDefaultRegion, string expected)
        {
            var variables = new Dictionary<string, string>();
            Set(variables, "AWS_REGION", awsRegion);
            Set(variables, "AWS_DEFAULT_REGION", awsDefaultRegion);
            using var environment = new TestEnvironment(variables, CredentialsFile);

            AwsConnection connection = AwsConnectionResolver.Resolve(new AwsConnectionOptions { Region = region, AwsProfile = profile }, environment.Environment);

            Assert.Equal(expected, connection.Ec2Region);
            Assert.Equal(expected, connection.IamRegion);
        }

        [Fact]
        public void AsksInstanceMetadataForEc2sRegionOnlyWhenBuildingTheEc2Client()
        {
            int asked = 0;
            using var files = new TestEnvironment();
            var environment = new AwsEnvironment(_ => null, files.Environment.Profiles, () => { asked++; return "sa-east-1"; });

            AwsConnection connection = AwsConnectionResolver.Resolve(new AwsConnectionOptions { Credential = s_keys }, environment);
            Assert.Equal(0, asked);
            Assert.Null(connection.Ec2Region);
            using Amazon.EC2.AmazonEC2Client client = AwsClientFactory.CreateEc2Client(connection, null, environment);

            Assert.Equal(1, asked);
            Assert.Equal("sa-east-1", client.Config.RegionEndpoint.SystemName);
        }

        [Fact]
        public void SignsAnExplicitEndpointForUsEast1WhenNoRegionIsFound()
        {
            using var environment = new TestEnvironment();

            AwsConnection connection = AwsConnectionResolver.Resolve(
                new AwsConnectionOptions { EndpointUrl = "http://127.0.0.1:4566", Credential = s_keys }, environment.Environment);

            Assert.Equal("us-east-1", connection.IamRegion);
            Assert.Equal("us-east-1", connection.Ec2Region);
        }

        [Fact]
        public async Task NeedsARegionOnlyWhenEc2IsCalled()
        {
            using var environment = new TestEnvironment();
            using AwsClients clients = AwsClientFactory.Create(new AwsConnectionOptions { Credential = s_keys }, NullOperationLog.Instance, null, environment.Environment);

            InstanceProfileToolsException error = await Assert.ThrowsAsync<InstanceProfileToolsException>(
                () => clients.Ec2.DescribeInstanceStatesAsync(new[] { "i-0123456789abcdef0" }, CancellationToken.None));

            Assert.Equal(ErrorIds.NoRegion, error.ErrorId);
            Assert.Contains("-Region", error.Message);
            Assert.Contains("AWS_REGION", error.Message);
        }

        [Fact]
        public void TakesTheProfilesCredentials()
        {
            using var environment = new TestEnvironment(credentialsFile: CredentialsFile);

            AwsConnection connection = AwsConnectionResolver.Resolve(new AwsConnectionOptions { AwsProfile = "ops" }, environment.Environment);

            Assert.Equal("AKIDOPS", connection.Credentials.GetCredentials().AccessKey);
        }

        [Fact]
        public void ReportsAMissingProfileAsNoCredentials()
        {
            using var environment = new TestEnvironment(credentialsFile: CredentialsFile);

            InstanceProfileToolsException error = Assert.Throws<InstanceProfileToolsException>(
                () => AwsConnectionResolver.Resolve(new AwsConnectionOptions { AwsProfile = "nope" }, environment.Environment));

            Assert.Equal(ErrorIds.NoCredentials, error.ErrorId);
            Assert.Equal("nope", error.Target);
            Assert.Contains("aws configure", error.Message);
        }

        [Fact]
        public void UsesTheDefaultChainLazilyWhenNothingIsGiven()
        {
            using var environment = new TestEnvironment(new Dictionary<string, string> { ["AWS_REGION"] = "eu-west-1" });

            AwsConnection connection = AwsConnectionResolver.Resolve(new AwsConnectionOptions(), environment.Environment);

            Assert.IsType<DefaultChainCredentials>(connection.Credentials);
        }

        [Theory]
        [InlineData("localhost:4566")]
        [InlineData("ftp://127.0.0.1/")]
        [InlineData("not a url")]
        public void RefusesAMalformedEndpoint(string endpoint)
        {
            using var environment = new TestEnvironment();

            InputValidationException error = Assert.Throws<InputValidationException>(
                () => AwsConnectionResolver.Resolve(new AwsConnectionOptions { EndpointUrl = endpoint, Credential = s_keys }, environment.Environment));

            Assert.Equal(ErrorIds.InvalidParameter, error.ErrorId);
            Assert.Equal("EndpointUrl", error.ParameterName);
        }

        [Fact]
        public void RefusesAMalformedEndpointVariableNamingIt()
        {
            using var environment = new TestEnvironment(new Dictionary<string, string> { ["AWS_ENDPOINT_URL_IAM"] = "nope" });

            InputValidationException error = Assert.Throws<InputValidationException>(
                () => AwsConnectionResolver.Resolve(new AwsConnectionOptions { Credential = s_keys }, environment.Environment));

            Assert.Equal("AWS_ENDPOINT_URL_IAM", error.ParameterName);
        }

        [Theory]
        [InlineData("not_a region", null, "Region")]
        [InlineData(null, "-eu-west-1", "AWS_REGION")]
        [InlineData(null, "eu/west", "AWS_REGION")]
        public void RefusesAMalformedRegionNamingWhereItCameFrom(string? region, string? awsRegion, string expectedSource)
        {
            var variables = new Dictionary<string, string>();
            Set(variables, "AWS_REGION", awsRegion);
            using var environment = new TestEnvironment(variables);

            InputValidationException error = Assert.Throws<InputValidationException>(
                () => AwsConnectionResolver.Resolve(new AwsConnectionOptions { Region = region, Credential = s_keys }, environment.Environment));

            Assert.Equal(ErrorIds.InvalidParameter, error.ErrorId);
            Assert.Equal(expectedSource, error.ParameterName);
            Assert.Equal(region ?? awsRegion, error.Target);
            Assert.Contains("'eu-west-1'", error.Message);
        }

        // Blank, -Region and -AwsProfile used to read as "not given": the region fell through to AWS_REGION and the
        // credentials to the default chain, possibly another account's.
        [Theory]
        [InlineData(" ")]
        [InlineData("\t")]
        public void RefusesABlankRegionInsteadOfFallingThroughToTheEnvironment(string region)
        {
            using var environment = new TestEnvironment(new Dictionary<string, string> { ["AWS_REGION"] = "eu-west-1" });

            InputValidationException error = Assert.Throws<InputValidationException>(
                () => AwsConnectionResolver.Resolve(new AwsConnectionOptions { Region = region, Credential = s_keys }, environment.Environment));

            Assert.Equal(ErrorIds.InvalidParameter, error.ErrorId);
            Assert.Equal("Region", error.ParameterName);
            Assert.Equal(region, error.Target);
        }

        [Fact]
        public void StillTrimsARegionGivenWithSpacesAroundIt()
        {
            using var environment = new TestEnvironment();

            AwsConnection connection = AwsConnectionResolver.Resolve(new AwsConnectionOptions { Region = " eu-west-1 ", Credential = s_keys }, environment.Environment);

            Assert.Equal("eu-west-1", connection.Ec2Region);
        }

        [Fact]
        public void RefusesABlankAwsProfileInsteadOfUsingTheDefaultChain()
        {
            using var environment = new TestEnvironment(new Dictionary<string, string> { ["AWS_REGION"] = "eu-west-1" }, CredentialsFile);

            InputValidationException error = Assert.Throws<InputValidationException>(
                () => AwsConnectionResolver.Resolve(new AwsConnectionOptions { AwsProfile = " " }, environment.Environment));

            Assert.Equal(ErrorIds.InvalidParameter, error.ErrorId);
            Assert.Equal("AwsProfile", error.ParameterName);
        }

        private static void Set(Dictionary<string, string> variables, string name, string? value)
        {
            if (value != null)
            {
                variables[name] = value;
            }
        }
    }
}
