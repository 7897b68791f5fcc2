using System;
using System.Collections.Generic;
using System.Globalization;
using System.Xml.Linq;

namespace InstanceProfileTools.Sandbox.Protocol
{
    /// <summary>
    /// The query protocol's envelopes, which IAM and STS share (botocore: "protocol": "query"): XResponse with an
    /// XResult and ResponseMetadata/RequestId; ErrorResponse/Error with Type, Code and Message, then RequestId.
    /// </summary>
    public static class QueryXml
    {
        /// <summary>A successful answer in the service's namespace; <paramref name="result"/> null for actions without output.</summary>
        public static XElement Response(XNamespace ns, string action, string requestId, IEnumerable<XElement>? result)
        {
            var response = new XElement(ns + (action + "Response"));
            if (result != null)
            {
                response.Add(new XElement(ns + (action + "Result"), result));
            }

            response.Add(new XElement(ns + "ResponseMetadata", new XElement(ns + "RequestId", requestId)));
            return response;
        }

        /// <summary>The query services' timestamp form: ISO-8601 UTC, whole seconds.</summary>
        public static string Date(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        /// <summary>An error answer in the service's namespace.</summary>
        public static XElement Error(XNamespace ns, string code, string message, bool senderFault, string requestId) =>
            new XElement(
                ns + "ErrorResponse",
                new XElement(
                    ns + "Error",
                    new XElement(ns + "Type", senderFault ? "Sender" : "Receiver"),
                    new XElement(ns + "Code", code),
                    new XElement(ns + "Message", message)),
                new XElement(ns + "RequestId", requestId));
    }
}
