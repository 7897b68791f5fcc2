using System;
using System.Collections.Concurrent;
using Amazon;
using Amazon.EC2;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using InstanceProfileTools.Core.Diagnostics;
using InstanceProfileTools.Core.Ec2;
using InstanceProfileTools.Core.ErrorMapping;
using InstanceProfileTools.Core.Estate;
using InstanceProfileTools.Core.Iam;
using InstanceProfileTools.Core.Pacing;
using InstanceProfileTools.Core.Ports;
using InstanceProfileTools.Core.Retry;

namespace InstanceProfileTools.Core.Connection
{
    /// <summary>
    /// Builds the IAM and EC2 ports from the common cmdlet parameters (see <see cref="AwsConnectionOptions"/>):
    /// endpoints, region and credentials resolved in the documented order, one Verbose line per call. IAM is on
    /// the SDK's standard retry mode (throttling and 5xx retried with backoff and jitter); EC2 goes through a
    /// <see cref="Ec2Pacer"/> at AWS's request rates, which owns its retries (see <see cref="PacedEc2Api"/>).
    /// </summary>
    public static class AwsClientFactory
    {
        /// <summary>
        /// Builds the clients. Fails at once on invalid input (an unusable -Credential, a malformed endpoint) and on
        /// an -AwsProfile that does not exist; a missing region fails only when EC2 is first called.
        /// </summary>
        /// <param name="options">The connection parameters; unset members fall back to the standard AWS chain.</param>
        /// <param name="log">Receives one line per AWS call, never a secret.</param>
        /// <param name="maxAttempts">Attempts per IAM call including the first (the SDK's default, 3, when null).</param>
        /// <param name="maxMutatingRate">Mutating EC2 calls a second for the clients' whole life; null for AWS's limits alone.</param>
        /// <param name="ec2Backoff">How EC2's retries back off (the context's wait settings); AWS's default when null.</param>
        public static AwsClients Create(AwsConnectionOptions options, IOperationLog log, int? maxAttempts = null, double? maxMutatingRate = null, Backoff? ec2Backoff = null) =>
            Create(options, log, maxAttempts, AwsEnvironment.Process, maxMutatingRate, ec2Backoff);

        internal static AwsClients Create(AwsConnectionOptions options, IOperationLog log, int? maxAttempts, AwsEnvironment environment, double? maxMutatingRate = null, Backoff? ec2Backoff = null)
        {
            if (options is null)
            {
                throw new ArgumentNullException(nameof(options));
            }

            if (log is null)
            {
                throw new ArgumentNullException(nameof(log));
            }

            if (maxAttempts is < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(maxAttempts), maxAttempts, "At least one attempt is needed.");
            }

            AwsConnection connection = AwsConnectionResolver.Resolve(options, environment);
            var iam = new IamQueryClient(connection.Credentials, CreateIamConfig(connection, maxAttempts), log);
            // One attempt per SDK call: PacedEc2Api retries, so that every retry is paced and teaches the bucket.
            var sts = new Lazy<AmazonSecurityTokenServiceClient>(() => CreateStsClient(connection, environment));
            var owned = new OwnedClients();
            IEc2Api OpenEc2(AwsConnection inRegion, IOperationLog regionLog)
            {
                var sdkEc2 = owned.Add(new LazyEc2Api(() => CreateEc2Client(inRegion, 1, environment), regionLog, (encoded, token) => DecodeAsync(sts.Value, encoded, token)));
                return new PacedEc2Api(sdkEc2, new Ec2Pacer(SystemClock.Instance, maxMutatingRate), SystemClock.Instance, regionLog, ec2Backoff,
                    () => Credentials.CredentialRefresh.TryRefresh(connection.Credentials));
            }

            IEc2Api ec2 = OpenEc2(connection, log);

            // Every other region: its own client and its own pacer (EC2's buckets are per account and region, EVIDENCE
            // row 22), at the same explicit endpoint when there is one, signed for that region.
            var regions = new RegionalEc2(ec2, connection.Ec2Region,
                region => OpenEc2(connection with { Ec2Region = region }, new RegionLog(log, region)));
            return new AwsClients(iam, ec2, connection.Ec2Region, regions, token => AccountOfAsync(sts.Value, log, token),
                iam, owned, new DisposeIfCreated<AmazonSecurityTokenServiceClient>(sts));
        }

        // The SDK clients made so far, in any region, disposed together.
        private sealed class OwnedClients : IDisposable
        {
            private readonly ConcurrentBag<IDisposable> _clients = new();

            public T Add<T>(T client)
                where T : IDisposable
            {
                _clients.Add(client);
                return client;
            }

            public void Dispose()
            {
                foreach (IDisposable client in _clients) client.Dispose();
            }
        }

        // Names the region on each line of another region's client, so that a scan's lines say where each call went.
        private sealed class RegionLog : IOperationLog
        {
            private readonly IOperationLog _inner;
            private readonly string _region;

            public RegionLog(IOperationLog inner, string region)
            {
                _inner = inner;
                _region = region;
            }

            public void Verbose(string message) => _inner.Verbose($"[{_region}] {message}");

            public void Warning(string message) => _inner.Warning($"[{_region}] {message}");
        }

        // STS in EC2's region (or at the explicit endpoint), built only when a refusal needs decoding.
        private static AmazonSecurityTokenServiceClient CreateStsClient(AwsConnection connection, AwsEnvironment environment)
        {
            var config = new AmazonSecurityTokenServiceConfig { IgnoreConfiguredEndpointUrls = true };
            Configure(config, connection.StsEndpoint, connection.Ec2Region ?? environment.InstanceMetadataRegion() ?? AwsConnectionResolver.DefaultEndpointRegion, 2);
            return new AmazonSecurityTokenServiceClient(connection.Credentials, config);
        }

        // GetCallerIdentity needs no permission (STS API reference: "No permissions are required"): any credentials
        // that work can say their account.
        private static async Task<string> AccountOfAsync(AmazonSecurityTokenServiceClient sts, IOperationLog log, CancellationToken cancellationToken)
        {
            var call = AwsCall.Sts("GetCallerIdentity");
            try
            {
                GetCallerIdentityResponse identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), cancellationToken).ConfigureAwait(false);
                log.Verbose(AwsCallLog.Success(call, (int)identity.HttpStatusCode, identity.ResponseMetadata?.RequestId));
                return identity.Account;
            }
            catch (Exception error)
            {
                Exception mapped = AwsErrorMap.Map(error, call, cancellationToken.IsCancellationRequested);
                log.Verbose(AwsCallLog.Failure(call, mapped));
                if (ReferenceEquals(mapped, error)) throw;
                throw mapped;
            }
        }

        private static async Task<string> DecodeAsync(AmazonSecurityTokenServiceClient sts, string encoded, CancellationToken cancellationToken) =>
            (await sts.DecodeAuthorizationMessageAsync(new DecodeAuthorizationMessageRequest { EncodedMessage = encoded }, cancellationToken).ConfigureAwait(false)).DecodedMessage;

        private sealed class DisposeIfCreated<T> : IDisposable
            where T : IDisposable
        {
            private readonly Lazy<T> _client;

            public DisposeIfCreated(Lazy<T> client) => _client = client;

            public void Dispose()
            {
                if (_client.IsValueCreated) _client.Value.Dispose();
            }
        }

        internal static IamClientConfig CreateIamConfig(AwsConnection connection, int? maxAttempts)
        {
            var config = new IamClientConfig();
            Configure(config, connection.IamEndpoint, connection.IamRegion, maxAttempts);
            return config;
        }

        internal static AmazonEC2Client CreateEc2Client(AwsConnection connection, int? maxAttempts, AwsEnvironment environment)
        {
            string? region = connection.Ec2Region ?? environment.InstanceMetadataRegion();
            if (string.IsNullOrWhiteSpace(region))
            {
                throw new InstanceProfileToolsException(ErrorIds.NoRegion, FailureKind.InvalidArgument, null,
                    "No AWS region was found for EC2. Give -Region, set AWS_REGION (or AWS_DEFAULT_REGION), or set a region " +
                    "in the AWS profile ('aws configure set region eu-west-1').");
            }

            var config = new AmazonEC2Config { RetryMode = RequestRetryMode.Standard, IgnoreConfiguredEndpointUrls = true };
            Configure(config, connection.Ec2Endpoint, region!, maxAttempts);
            return new AmazonEC2Client(connection.Credentials, config);
        }

        private static void Configure(ClientConfig config, string? endpoint, string region, int? maxAttempts)
        {
            if (endpoint != null)
            {
                // An explicit endpoint (the sandbox, LocalStack, moto) is signed for the configured region.
                config.ServiceURL = endpoint;
                config.AuthenticationRegion = region;
            }
            else
            {
                config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
            }

            if (maxAttempts != null)
            {
                config.MaxErrorRetry = maxAttempts.Value - 1;
            }
        }
    }
}
