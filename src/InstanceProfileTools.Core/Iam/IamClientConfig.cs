using System;
using System.Linq;
using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;
using Amazon.Util.Internal;

namespace InstanceProfileTools.Core.Iam
{
    /// <summary>
    /// The SDK configuration of the IAM client, as a generated <c>AmazonXxxConfig</c> would be: IAM's service id,
    /// signing name and API version, its endpoint provider, and the standard retry mode.
    /// </summary>
    public sealed class IamClientConfig : ClientConfig
    {
        /// <summary>The IAM API version every request names.</summary>
        public const string ApiVersion = "2010-05-08";

        // The SDK's user agent names the service client's version; ours is this module's.
        private static readonly string s_userAgent =
            InternalSDKUtils.BuildUserAgentString("IAM", typeof(IamClientConfig).Assembly.GetName().Version?.ToString() ?? "0.0.0");
        private static readonly IamEndpointResolver s_endpointResolver = new();

        public IamClientConfig()
            : base(new DefaultConfigurationProvider(StandardDefaults()))
        {
            ServiceId = "IAM";
            AuthenticationServiceName = "iam";
            EndpointProvider = new IamEndpointProvider();
            RetryMode = RequestRetryMode.Standard;

            // The factory resolves AWS_ENDPOINT_URL* itself (so that both services follow one documented order);
            // the SDK must not apply them a second time behind its back.
            IgnoreConfiguredEndpointUrls = true;
        }

        public override string RegionEndpointServiceName => "iam";

        public override string ServiceVersion => ApiVersion;

        public override string UserAgent => s_userAgent;

        public override Endpoint DetermineServiceOperationEndpoint(ServiceOperationEndpointParameters parameters)
        {
            var requestContext = new RequestContext(false)
            {
                ClientConfig = this,
                OriginalRequest = parameters.Request,
                Request = new DefaultRequest(parameters.Request, ServiceId) { AlternateEndpoint = parameters.AlternateEndpoint },
            };
            return s_endpointResolver.GetEndpoint(new ExecutionContext(requestContext, null));
        }

        // Generated configs ship per-mode defaults; IAM has no reason to differ between modes, so every mode
        // (AWS_DEFAULTS_MODE may name any) gets the standard retry mode and the SDK's usual connect timeout.
        private static IDefaultConfiguration[] StandardDefaults() =>
            Enum.GetValues(typeof(DefaultConfigurationMode))
                .Cast<DefaultConfigurationMode>()
                .Select(mode => (IDefaultConfiguration)new DefaultConfiguration
                {
                    Name = mode,
                    RetryMode = RequestRetryMode.Standard,
                    S3UsEast1RegionalEndpoint = S3UsEast1RegionalEndpointValue.Regional,
                    ConnectTimeout = TimeSpan.FromMilliseconds(3100),
                    TlsNegotiationTimeout = TimeSpan.FromMilliseconds(3100),
                })
                .ToArray();
    }
}
