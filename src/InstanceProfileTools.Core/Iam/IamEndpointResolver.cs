using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;

namespace InstanceProfileTools.Core.Iam
{
    /// <summary>Collects the endpoint parameters (region, explicit endpoint) for <see cref="IamEndpointProvider"/>.</summary>
    internal sealed class IamEndpointResolver : BaseEndpointResolver
    {
        protected override EndpointParameters MapEndpointsParameters(IRequestContext requestContext)
        {
            IClientConfig config = requestContext.ClientConfig;
            var parameters = new EndpointParameters();

            // With an explicit endpoint the SDK clears RegionEndpoint; the signing region then travels as
            // AuthenticationRegion.
            parameters["Region"] = requestContext.Request.AlternateEndpoint?.SystemName
                ?? config.RegionEndpoint?.SystemName
                ?? config.AuthenticationRegion;
            parameters["Endpoint"] = config.ServiceURL;
            return parameters;
        }
    }
}
