using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Operations;

namespace InstanceProfileTools.Core.Ports
{
    /// <summary>The one way to read a paginated IAM or EC2 list: lazily, item by item, or every page at once.</summary>
    public static class Paging
    {
        /// <summary>The items of every page, in order, read one page after the other.</summary>
        public static async Task<IReadOnlyList<T>> ReadAllAsync<T>(Func<string?, CancellationToken, Task<Page<T>>> fetchPage, CancellationToken cancellationToken)
        {
            if (fetchPage is null) throw new ArgumentNullException(nameof(fetchPage));
            var all = new List<T>();
            string? nextToken = null;
            do
            {
                Page<T> page = await fetchPage(nextToken, cancellationToken).ConfigureAwait(false);
                all.AddRange(page.Items);
                nextToken = page.NextToken;
            }
            while (!string.IsNullOrEmpty(nextToken));
            return all;
        }

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
