using System;
using System.Collections.Generic;
using InstanceProfileTools.Core.Model;

namespace InstanceProfileTools.Core.Operations
{
    /// <summary>Reads a paginated list lazily, for callers that write each item as it comes.</summary>
    public static class Paging
    {
        /// <summary>
        /// The items of every page, in order. A page is fetched only once the items of the one before have all been
        /// consumed, so a consumer that stops early (Select-Object -First) causes no further request.
        /// </summary>
        public static IEnumerable<T> Lazily<T>(Func<string?, Page<T>> fetchPage)
        {
            if (fetchPage is null) throw new ArgumentNullException(nameof(fetchPage));
            return Read(fetchPage);
        }

        private static IEnumerable<T> Read<T>(Func<string?, Page<T>> fetchPage)
        {
            string? nextToken = null;
            do
            {
                Page<T> page = fetchPage(nextToken);
                foreach (T item in page.Items)
                {
                    yield return item;
                }

                nextToken = page.NextToken;
            }
            while (!string.IsNullOrEmpty(nextToken));
        }
    }
}
