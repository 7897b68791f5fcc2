using System;
using System.Net;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;

namespace InstanceProfileTools.Core.Iam
{
    /// <summary>
    /// Reads <c>&lt;XResponse&gt;&lt;XResult&gt;...&lt;/XResult&gt;&lt;ResponseMetadata&gt;&lt;RequestId/&gt;</c>, handing the
    /// result element to the operation's reader, and turns <c>&lt;ErrorResponse&gt;</c> bodies into
    /// <see cref="AmazonServiceException"/>s carrying IAM's code, type, message and request id.
    /// </summary>
    internal sealed class IamResponseUnmarshaller<T> : XmlResponseUnmarshaller
    {
        private readonly string _resultElement;
        private readonly Func<XmlUnmarshallerContext, T>? _readResult;

        /// <param name="action">The operation, whose result element is <c>{action}Result</c>.</param>
        /// <param name="readResult">Reads the result element's children; null for operations without a result.</param>
        public IamResponseUnmarshaller(string action, Func<XmlUnmarshallerContext, T>? readResult)
        {
            _resultElement = action + "Result";
            _readResult = readResult;
        }

        public override AmazonWebServiceResponse Unmarshall(XmlUnmarshallerContext context)
        {
            var response = new IamQueryResponse<T>();
            while (context.Read())
            {
                if (!context.IsStartElement)
                {
                    continue;
                }

                if (_readResult != null && context.CurrentDepth == 2 && context.CurrentElementName == _resultElement)
                {
                    response.Result = _readResult(context);
                }
                else if (context.TestExpression("ResponseMetadata/RequestId", 2))
                {
                    response.ResponseMetadata = new ResponseMetadata { RequestId = StringUnmarshaller.Instance.Unmarshall(context) };
                }
            }

            return response;
        }

        public override AmazonServiceException UnmarshallException(XmlUnmarshallerContext context, Exception innerException, HttpStatusCode statusCode)
        {
            ErrorResponse error = XmlErrorResponseUnmarshaller.GetInstance().Unmarshall(context);
            return new AmazonServiceException(error.Message, innerException, error.Type, error.Code, error.RequestId, statusCode);
        }
    }
}
