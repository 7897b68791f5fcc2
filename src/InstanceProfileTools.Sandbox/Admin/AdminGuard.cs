using System;
using System.Net;
using Microsoft.Net.Http.Headers;

namespace InstanceProfileTools.Sandbox.Admin
{
    /// <summary>
    /// Keeps web pages out of the admin endpoint (issue 18.7): a browser adds an Origin header to a cross-site
    /// request, and sends a cross-site POST without a preflight only as a form or text/plain; so a request from a
    /// page that is not on this machine is refused, and a POST's body must be declared JSON.
    /// </summary>
    public static class AdminGuard
    {
        /// <summary>Whether an Origin header names a page not served from loopback (127.0.0.0/8, localhost, [::1]); false without one.</summary>
        public static bool IsCrossSite(string? origin)
        {
            if (string.IsNullOrEmpty(origin))
            {
                return false;
            }

            // "null" (a sandboxed frame, a file: page) or anything that is not a URL is no loopback page.
            if (!Uri.TryCreate(origin, UriKind.Absolute, out Uri? uri))
            {
                return true;
            }

            string host = uri.Host.Trim('[', ']');
            return !(string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out IPAddress? address) && IPAddress.IsLoopback(address)));
        }

        /// <summary>Whether a Content-Type header is application/json (any parameters, such as a charset, allowed).</summary>
        public static bool IsJson(string? contentType) =>
            MediaTypeHeaderValue.TryParse(contentType, out MediaTypeHeaderValue? parsed) &&
            string.Equals(parsed.MediaType.Value, "application/json", StringComparison.OrdinalIgnoreCase);
    }
}
