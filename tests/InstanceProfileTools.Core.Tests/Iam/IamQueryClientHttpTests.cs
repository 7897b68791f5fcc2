using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core;
using InstanceProfileTools.Core.Connection;
using InstanceProfileTools.Core.Credentials;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Core.Tests.Iam
{
    /// <summary>The IAM client end to end over HTTP: signing, form bodies, retries, unmarshalling, errors, logs.</summary>
    [Trait("Category", "Unit")]
    public sealed class IamQueryClientHttpTests : IDisposable
    {
        private const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

        private readonly CannedHttpServer _server = new();
        private readonly TestEnvironment _environment = new();
        private readonly RecordingLog _log = new();

        public void Dispose()
        {
            _server.Dispose();
            _environment.Dispose();
        }

        [Fact]
        public async Task SignsAFormPostWithSigV4ForIamInUsEast1()
        {
            _server.Enqueue(200, IamSamples.GetInstanceProfile);
            using AwsClients clients = Create();

            await clients.Iam.GetInstanceProfileAsync("web", CancellationToken.None);

            RecordedRequest request = Assert.Single(_server.Requests);
            Assert.Equal("POST", request.Method);
            Assert.Equal("/", request.Path);
            Assert.StartsWith("application/x-www-form-urlencoded", request.Headers["Content-Type"]);
            string authorization = request.Headers["Authorization"];
            Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/", authorization);
            Assert.Contains("/us-east-1/iam/aws4_request", authorization);
            Assert.Contains("SignedHeaders=", authorization);
            Assert.True(request.Headers.ContainsKey("X-Amz-Date"));
            Assert.Equal("GetInstanceProfile", request.Form["Action"]);
            Assert.Equal("2010-05-08", request.Form["Version"]);
            Assert.Equal("web", request.Form["InstanceProfileName"]);
        }

        [Fact]
        public async Task SignsAnExplicitEndpointForTheConfiguredRegion()
        {
            _server.Enqueue(200, IamSamples.GetInstanceProfile);
            using AwsClients clients = Create(region: "eu-west-1");

            await clients.Iam.GetInstanceProfileAsync("web", CancellationToken.None);

            Assert.Contains("/eu-west-1/iam/aws4_request", Assert.Single(_server.Requests).Headers["Authorization"]);
        }

        [Fact]
        public async Task SendsTheSessionTokenOfTemporaryCredentials()
        {
            _server.Enqueue(200, IamSamples.GetInstanceProfile);
            using AwsClients clients = Create(credential: new AccessKeyCredential("ASIAEXAMPLE", Secret, "session-token-value"));

            await clients.Iam.GetInstanceProfileAsync("web", CancellationToken.None);

            Assert.Equal("session-token-value", Assert.Single(_server.Requests).Headers["X-Amz-Security-Token"]);
        }

        [Fact]
        public async Task ReadsTheProfileWithItsRoleTagsAndDates()
        {
            _server.Enqueue(200, IamSamples.GetInstanceProfile);
            using AwsClients clients = Create();

            IamInstanceProfile profile = await clients.Iam.GetInstanceProfileAsync("web", CancellationToken.None);

            Assert.Equal("web", profile.InstanceProfileName);
            Assert.Equal("AIPAWF2ABWU5GN24MBMYM", profile.InstanceProfileId);
            Assert.Equal(new DateTime(2026, 2, 10, 9, 42, 13, 512, DateTimeKind.Utc), profile.CreateDate);
            Assert.Equal(DateTimeKind.Utc, profile.CreateDate.Kind);
            IamRole role = Assert.Single(profile.Roles);
            Assert.Equal("web-role", role.RoleName);
            Assert.Equal(IamSamples.DecodedPolicy, role.AssumeRolePolicyDocument);
            Assert.Equal(new[] { new Tag("team", "ops"), new Tag("empty", string.Empty) }, profile.Tags);
        }

        [Fact]
        public async Task RetriesAServerErrorAndSucceeds()
        {
            _server.Enqueue(500, IamSamples.Error("Receiver", "ServiceFailure", "Internal failure"));
            _server.Enqueue(200, IamSamples.GetInstanceProfile);
            using AwsClients clients = Create();

            IamInstanceProfile profile = await clients.Iam.GetInstanceProfileAsync("web", CancellationToken.None);

            Assert.Equal("web", profile.InstanceProfileName);
            Assert.Equal(2, _server.Requests.Count);
        }

        [Fact]
        public async Task RetriesThrottlingUntilMaxAttemptsThenReportsThrottled()
        {
            for (int i = 0; i < 3; i++)
            {
                _server.Enqueue(400, IamSamples.Error("Sender", "Throttling", "Rate exceeded", "throttled-" + i));
            }

            using AwsClients clients = Create(maxAttempts: 2);

            AwsServiceException error = await Assert.ThrowsAsync<AwsServiceException>(
                () => clients.Iam.GetInstanceProfileAsync("web", CancellationToken.None));

            Assert.Equal(2, _server.Requests.Count);
            Assert.Equal(ErrorIds.Throttled, error.ErrorId);
            Assert.Equal(FailureKind.LimitsExceeded, error.Kind);
            Assert.Equal("Throttling", error.ErrorCode);
            Assert.Equal("throttled-1", error.RequestId);
        }

        [Fact]
        public async Task MapsAnErrorResponseWithItsCodeRequestIdAndStatus()
        {
            _server.Enqueue(404, IamSamples.Error("Sender", "NoSuchEntity", "Instance Profile web cannot be found.", "req-404"));
            using AwsClients clients = Create();

            AwsServiceException error = await Assert.ThrowsAsync<AwsServiceException>(
                () => clients.Iam.GetInstanceProfileAsync("web", CancellationToken.None));

            Assert.Equal(ErrorIds.InstanceProfileNotFound, error.ErrorId);
            Assert.Equal(FailureKind.ObjectNotFound, error.Kind);
            Assert.Equal("web", error.Target);
            Assert.Equal("iam", error.Service);
            Assert.Equal("NoSuchEntity", error.ErrorCode);
            Assert.Equal("req-404", error.RequestId);
            Assert.Equal(404, error.StatusCode);
            Assert.Equal("Instance Profile web cannot be found.", error.ServiceMessage);
            Assert.Single(_server.Requests);
        }

        [Fact]
        public async Task ReportsTheSecondRoleAsAProfileThatAlreadyHasOne()
        {
            _server.Enqueue(409, IamSamples.Error("Sender", "LimitExceeded", "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1"));
            using AwsClients clients = Create();

            AwsServiceException error = await Assert.ThrowsAsync<AwsServiceException>(
                () => clients.Iam.AddRoleToInstanceProfileAsync("web", "other-role", CancellationToken.None));

            Assert.Equal(ErrorIds.InstanceProfileHasRole, error.ErrorId);
            Assert.Contains("Set-InstanceRole", error.Message);
            Assert.Equal("web", error.Target);
        }

        [Fact]
        public async Task LogsOneLineWithIdsStatusAndRequestIdButNoSecret()
        {
            _server.Enqueue(200, IamSamples.Empty("AddRoleToInstanceProfile"));
            _server.Enqueue(404, IamSamples.Error("Sender", "NoSuchEntity", "The role with name ghost cannot be found.", "req-ghost"));
            using AwsClients clients = Create();

            await clients.Iam.AddRoleToInstanceProfileAsync("web", "web-role", CancellationToken.None);
            await Assert.ThrowsAsync<AwsServiceException>(() => clients.Iam.AddRoleToInstanceProfileAsync("web", "ghost", CancellationToken.None));

            Assert.Equal(
                new[]
                {
                    "VERBOSE: IAM AddRoleToInstanceProfile InstanceProfileName=web RoleName=web-role: 200, request id AddRoleToInstanceProfile-request",
                    "VERBOSE: IAM AddRoleToInstanceProfile InstanceProfileName=web RoleName=ghost: 404 NoSuchEntity, request id req-ghost",
                },
                _log.Lines);
            Assert.DoesNotContain(_log.Lines, line => line.Contains(Secret) || line.Contains("Signature"));
        }

        [Fact]
        public async Task ReportsAnUnreachableEndpoint()
        {
            var closed = new TcpListener(IPAddress.Loopback, 0);
            closed.Start();
            int port = ((IPEndPoint)closed.LocalEndpoint).Port;
            closed.Stop();
            using AwsClients clients = Create(endpoint: $"http://127.0.0.1:{port}", maxAttempts: 1);

            AwsServiceException error = await Assert.ThrowsAsync<AwsServiceException>(
                () => clients.Iam.GetInstanceProfileAsync("web", CancellationToken.None));

            Assert.Equal(ErrorIds.EndpointUnreachable, error.ErrorId);
            Assert.Equal(FailureKind.ConnectionError, error.Kind);
            Assert.Contains("-EndpointUrl", error.Message);
        }

        [Fact]
        public async Task LeavesACancellationAsACancellation()
        {
            using AwsClients clients = Create();
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => clients.Iam.GetInstanceProfileAsync("web", cancelled.Token));
        }

        [Fact]
        public async Task FollowsTheMarkerOfATruncatedList()
        {
            _server.Enqueue(200, IamSamples.ListInstanceProfiles(truncated: true, marker: "page-2"));
            using AwsClients clients = Create();

            Page<IamInstanceProfile> page = await clients.Iam.ListInstanceProfilesAsync("/app/", "page-1", 2, CancellationToken.None);

            Assert.Equal("page-2", page.NextToken);
            Assert.Equal(new[] { "web", "empty" }, page.Items.Select(profile => profile.InstanceProfileName));
            Assert.Empty(page.Items[1].Roles);
            RecordedRequest request = Assert.Single(_server.Requests);
            Assert.Equal("/app/", request.Form["PathPrefix"]);
            Assert.Equal("page-1", request.Form["Marker"]);
            Assert.Equal("2", request.Form["MaxItems"]);
        }

        [Fact]
        public async Task SignsEachCallWithTheForeignCredentialsCurrentKeys()
        {
            _server.Enqueue(200, IamSamples.GetInstanceProfile);
            _server.Enqueue(200, IamSamples.GetInstanceProfile);
            using AwsClients clients = Create(credential: new ForeignSdk.AWSCredentials());

            await clients.Iam.GetInstanceProfileAsync("web", CancellationToken.None);
            await clients.Iam.GetInstanceProfileAsync("web", CancellationToken.None);

            // The stand-in answers new keys on every call, so two requests signed with different keys prove that
            // the keys are fetched again for each request rather than captured once.
            string[] keyIds = _server.Requests.Select(request => request.Headers["Authorization"].Split("Credential=")[1].Split('/')[0]).ToArray();
            Assert.Equal(2, keyIds.Length);
            Assert.All(keyIds, keyId => Assert.StartsWith("ASIAFOREIGN", keyId));
            Assert.NotEqual(keyIds[0], keyIds[1]);
        }

        [Fact]
        public async Task ReportsCredentialsThatCannotBeResolvedAsNoCredentials()
        {
            using AwsClients clients = Create(credential: new ForeignSdk.AWSCredentials { Fail = true });

            InstanceProfileToolsException error = await Assert.ThrowsAsync<InstanceProfileToolsException>(
                () => clients.Iam.GetInstanceProfileAsync("web", CancellationToken.None));

            Assert.Equal(ErrorIds.NoCredentials, error.ErrorId);
            Assert.Empty(_server.Requests);
        }

        [Fact]
        public async Task FollowsAwsEndpointUrlIamWhenNoEndpointIsGiven()
        {
            _server.Enqueue(200, IamSamples.GetInstanceProfile);
            using var environment = new TestEnvironment(new System.Collections.Generic.Dictionary<string, string>
            {
                ["AWS_ENDPOINT_URL_IAM"] = _server.Url,
                ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9",
                ["AWS_REGION"] = "ap-northeast-1",
            });
            using AwsClients clients = AwsClientFactory.Create(
                new AwsConnectionOptions { Credential = new AccessKeyCredential("AKIDEXAMPLE", Secret) }, _log, 1, environment.Environment);

            await clients.Iam.GetInstanceProfileAsync("web", CancellationToken.None);

            Assert.Contains("/ap-northeast-1/iam/aws4_request", Assert.Single(_server.Requests).Headers["Authorization"]);
        }

        private AwsClients Create(string? region = null, object? credential = null, int? maxAttempts = null, string? endpoint = null) =>
            AwsClientFactory.Create(
                new AwsConnectionOptions
                {
                    EndpointUrl = endpoint ?? _server.Url,
                    Region = region,
                    Credential = credential ?? new AccessKeyCredential("AKIDEXAMPLE", Secret),
                },
                _log,
                maxAttempts,
                _environment.Environment);
    }
}
