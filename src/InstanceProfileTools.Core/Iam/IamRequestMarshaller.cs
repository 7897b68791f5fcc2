using System.Collections.Generic;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using Amazon.Util;

namespace InstanceProfileTools.Core.Iam
{
    /// <summary>
    /// Writes an <see cref="IamQueryRequest"/> as the Query protocol wants it: a form-encoded POST body with
    /// <c>Action</c>, <c>Version</c> and the operation's fields.
    /// </summary>
    internal sealed class IamRequestMarshaller : IMarshaller<IRequest, AmazonWebServiceRequest>
    {
        public static readonly IamRequestMarshaller Instance = new();

        public IRequest Marshall(AmazonWebServiceRequest input)
        {
            var query = (IamQueryRequest)input;
            IRequest request = new DefaultRequest(query, "IAM");
            request.HttpMethod = "POST";
            request.Parameters.Add("Action", query.Action);
            request.Parameters.Add("Version", IamClientConfig.ApiVersion);
            foreach (KeyValuePair<string, string> parameter in query.Parameters)
            {
                request.Parameters.Add(parameter.Key, parameter.Value);
            }

            request.ContentStream = AWSSDKUtils.WriteParametersToPooledStream(request);
            return request;
        }
    }
}
