using System.IO;
using System.Text;
using System.Threading.Tasks;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;

namespace InstanceProfileTools.Sandbox.Hosting
{
    /// <summary>Writes an XML document as the answer, UTF-8 without a byte-order mark, as AWS does.</summary>
    public static class XmlResponses
    {
        private static readonly XmlWriterSettings s_settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false };

        /// <summary>Serializes the document with its XML declaration.</summary>
        public static byte[] Serialize(XElement root)
        {
            using var stream = new MemoryStream();
            using (XmlWriter writer = XmlWriter.Create(stream, s_settings))
            {
                new XDocument(new XDeclaration("1.0", "UTF-8", null), root).Save(writer);
            }

            return stream.ToArray();
        }

        /// <summary>Sends the document with a status.</summary>
        public static async Task WriteAsync(HttpContext context, int status, XElement root)
        {
            byte[] body = Serialize(root);
            context.Response.StatusCode = status;
            context.Response.ContentType = "text/xml";
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
        }
    }
}
