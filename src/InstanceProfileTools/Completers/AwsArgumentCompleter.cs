using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Connection;
using InstanceProfileTools.Core;
using InstanceProfileTools.Core.Connection;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Operations;
using InstanceProfileTools.Core.Ports;
using InstanceProfileTools.Input;

namespace InstanceProfileTools.Completers
{
    /// <summary>
    /// The mechanics every completer of ours shares: it reads names from AWS with the connection parameters already
    /// on the command line, in at most two seconds, cached briefly per completer and connection, and silent on any
    /// failure (a completer must never get in the way of typing); then prefix-matches and quotes them.
    /// </summary>
    public abstract class AwsArgumentCompleter : IArgumentCompleter
    {
        private static readonly TimeSpan s_budget = TimeSpan.FromSeconds(2);
        private static readonly TimeSpan s_cacheLifetime = TimeSpan.FromSeconds(30);
        private static readonly ConcurrentDictionary<string, CachedNames> s_cache = new(StringComparer.Ordinal);

        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName,
            string parameterName,
            string wordToComplete,
            CommandAst commandAst,
            IDictionary fakeBoundParameters)
        {
            string typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
            var pattern = new WildcardPattern(WildcardPattern.Escape(typed) + "*", WildcardOptions.IgnoreCase);
            return Names(fakeBoundParameters)
                .Where(name => pattern.IsMatch(name))
                .Select(name => new CompletionResult(Quote(name), name, CompletionResultType.ParameterValue, name));
        }

        /// <summary>Reads every name this completer offers; failures propagate and are swallowed by the caller.</summary>
        protected abstract Task<IReadOnlyList<string>> ReadNamesAsync(OperationContext context, CancellationToken cancellationToken);

        /// <summary>The names of the items of every page of a list.</summary>
        protected static async Task<List<string>> ReadAllPagesAsync<T>(
            Func<string?, Task<Page<T>>> readPage, Func<T, string> nameOf) =>
            (await Paging.ReadAllAsync((token, _) => readPage(token), CancellationToken.None).ConfigureAwait(false)).Select(nameOf).ToList();

        private IReadOnlyList<string> Names(IDictionary bound)
        {
            try
            {
                // Inside the try: a -Credential that cannot answer its keys must not break completion either.
                var options = new AwsConnectionOptions
                {
                    Region = First(Bound(bound, "Region")),
                    AwsProfile = First(Bound(bound, "AwsProfile")),
                    Credential = CredentialAdapter.ToCore(Bound(bound, "Credential")),
                    EndpointUrl = Bound(bound, "EndpointUrl") as string,
                };
                string key = $"{GetType().Name}|{options.Region}|{options.AwsProfile}|{options.EndpointUrl}|{options.Credential?.GetHashCode()}";
                if (s_cache.TryGetValue(key, out CachedNames? cached) && cached.Expires > DateTimeOffset.UtcNow)
                {
                    return cached.Names;
                }

                using var cancellation = new CancellationTokenSource(s_budget);
                Task<IReadOnlyList<string>> read = Task.Run(() => ReadAsync(options, cancellation.Token));
                if (!read.Wait(s_budget))
                {
                    return Array.Empty<string>();
                }

                IReadOnlyList<string> names = read.Result.Distinct(StringComparer.Ordinal).OrderBy(name => name, StringComparer.OrdinalIgnoreCase).ToList();
                s_cache[key] = new CachedNames(names, DateTimeOffset.UtcNow + s_cacheLifetime);
                return names;
            }
            catch (Exception)
            {
                // Completion is a convenience: no credentials, no network or an AWS error simply offers nothing.
                return Array.Empty<string>();
            }
        }

        private async Task<IReadOnlyList<string>> ReadAsync(AwsConnectionOptions options, CancellationToken cancellationToken)
        {
            OperationContext context = ContextFactory.Create(options, NullOperationLog.Instance, null, out IDisposable clients);
            using (clients)
            {
                return await ReadNamesAsync(context, cancellationToken).ConfigureAwait(false);
            }
        }

        private static object? Bound(IDictionary bound, string name)
        {
            object? value = bound?[name];
            return value is PSObject wrapped ? wrapped.BaseObject : value;
        }

        // -Region and -AwsProfile take lists: names come from the first (or the only) one; * names no region.
        private static string? First(object? value)
        {
            object? first = value is IList list ? (list.Count > 0 ? list[0] : null) : value;
            string? name = (first is PSObject wrapped ? wrapped.BaseObject : first) as string;
            return name == PlaceDirectory.EveryRegion ? null : name;
        }

        // AWS names have no spaces, but a name typed with a quote should come back quoted the same way.
        private static string Quote(string name) =>
            name.IndexOfAny(new[] { ' ', '\'', '$', '`' }) >= 0 ? "'" + name.Replace("'", "''") + "'" : name;

        private sealed class CachedNames
        {
            public CachedNames(IReadOnlyList<string> names, DateTimeOffset expires)
            {
                Names = names;
                Expires = expires;
            }

            public IReadOnlyList<string> Names { get; }

            public DateTimeOffset Expires { get; }
        }
    }
}
