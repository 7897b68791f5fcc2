using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace InstanceProfileTools.Sandbox.Hosting
{
    /// <summary>Reads a request's body up to a cap, for the AWS and the admin endpoints alike.</summary>
    public static class RequestBody
    {
        /// <summary>The most bytes a body may have: 1 MiB, far above any call the sandbox serves.</summary>
        public const int MaxBytes = 1024 * 1024;

        /// <summary>
        /// The whole body, or null when it is longer than <see cref="MaxBytes"/>: refused from its Content-Length
        /// without reading, or as soon as a chunked body goes past the cap. Throws what the stream throws when the
        /// client goes away.
        /// </summary>
        public static async Task<byte[]?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
        {
            if (request.ContentLength > MaxBytes)
            {
                return null;
            }

            using var buffer = new MemoryStream();
            byte[] chunk = new byte[16 * 1024];
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > MaxBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }
}
