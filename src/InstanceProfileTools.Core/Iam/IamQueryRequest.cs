using System.Collections.Generic;
using Amazon.Runtime;
using InstanceProfileTools.Core.Diagnostics;

namespace InstanceProfileTools.Core.Iam
{
    /// <summary>
    /// One IAM Query-protocol call: its action and its form fields, already flattened to wire names
    /// (<c>Tags.member.1.Key</c>). Built by <see cref="IamRequests"/>, written by <see cref="IamRequestMarshaller"/>.
    /// </summary>
    internal sealed class IamQueryRequest : AmazonWebServiceRequest
    {
        public IamQueryRequest(AwsCall call, IReadOnlyList<KeyValuePair<string, string>> parameters)
        {
            Call = call;
            Parameters = parameters;
        }

        /// <summary>The action and the names it concerns, for logs and errors (never a secret).</summary>
        public AwsCall Call { get; }

        public string Action => Call.Action;

        public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; }
    }
}
