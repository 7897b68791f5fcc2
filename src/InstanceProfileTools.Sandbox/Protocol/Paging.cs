using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace InstanceProfileTools.Sandbox.Protocol
{
    /// <summary>
    /// Key-based pages: the token is the (encoded) key of the last item returned, so a page boundary stays put
    /// when items before it are added or removed between calls, as AWS's markers do.
    /// </summary>
    public static class Paging
    {
        /// <summary>One page of <paramref name="sorted"/> (ordered by <paramref name="key"/>, ordinal) and the next token, null at the end.</summary>
        public static (List<T> Items, string? NextToken) Page<T>(IEnumerable<T> sorted, Func<T, string> key, string? token, int pageSize, Func<Exception> invalidToken)
        {
            IEnumerable<T> rest = sorted;
            if (token != null)
            {
                string after = Decode(token) ?? throw invalidToken();
                rest = sorted.Where(item => string.CompareOrdinal(key(item), after) > 0);
            }

            List<T> window = rest.Take(pageSize + 1).ToList();
            if (window.Count <= pageSize)
            {
                return (window, null);
            }

            window.RemoveAt(pageSize);
            return (window, Encode(key(window[pageSize - 1])));
        }

        private static string Encode(string key) => Convert.ToBase64String(Encoding.UTF8.GetBytes("v1:" + key));

        private static string? Decode(string token)
        {
            try
            {
                string text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
                return text.StartsWith("v1:", StringComparison.Ordinal) ? text.Substring(3) : null;
            }
            catch (FormatException)
            {
                return null;
            }
        }
    }
}
