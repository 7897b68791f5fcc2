using Amazon.Runtime;

namespace InstanceProfileTools.Core.Iam
{
    /// <summary>A Query-protocol answer: the operation's result (if it has one) and the SDK's response metadata.</summary>
    internal sealed class IamQueryResponse<T> : AmazonWebServiceResponse
    {
        public T? Result { get; set; }
    }
}
