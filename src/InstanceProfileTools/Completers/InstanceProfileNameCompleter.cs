using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core;
using InstanceProfileTools.Core.Connection;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Operations;
using InstanceProfileTools.Input;

namespace InstanceProfileTools.Completers
{
    /// <summary>
    /// Completes instance profile names from IAM (ListInstanceProfiles), with the connection parameters already on
    /// the command line. At most two seconds, cached briefly per connection, and silent on any failure: a completer
    /// must never get in the way of typing.
    /// </summary>
    public sealed class InstanceProfileNameCompleter : IArgumentCompleter
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
            var pattern = new WildcardPattern(typed + "*", WildcardOptions.IgnoreCase);
            return Names(fakeBoundParameters)
                .Where(name => pattern.IsMatch(name))
                .Select(name => new CompletionResult(Quote(name), name, CompletionResultType.ParameterValue, name));
        }

        private static IReadOnlyList<string> Names(IDictionary bound)
        {
            try
            {
                // Inside the try: a -Credential that cannot answer its keys must not break completion either.
                var options = new AwsConnectionOptions
                {
                    Region = Bound(bound, "Region") as string,
                    AwsProfile = Bound(bound, "AwsProfile") as string,
                    Credential = CredentialAdapter.ToCore(Bound(bound, "Credential")),
                    EndpointUrl = Bound(bound, "EndpointUrl") as string,
                };
                string key = $"{options.Region}|{options.AwsProfile}|{options.EndpointUrl}|{options.Credential?.GetHashCode()}";
                if (s_cache.TryGetValue(key, out CachedNames? cached) && cached.Expires > DateTimeOffset.UtcNow)
                {
                    return cached.Names;
                }

                using var cancellation = new CancellationTokenSource(s_budget);
                Task<List<string>> read = Task.Run(() => ReadAsync(options, cancellation.Token));
                if (!read.Wait(s_budget))
                {
                    return Array.Empty<string>();
                }

                s_cache[key] = new CachedNames(read.Result, DateTimeOffset.UtcNow + s_cacheLifetime);
                return read.Result;
            }
            catch (Exception)
            {
                // Completion is a convenience: no credentials, no network or an IAM error simply offers nothing.
                return Array.Empty<string>();
            }
        }

        private static async Task<List<string>> ReadAsync(AwsConnectionOptions options, CancellationToken cancellationToken)
        {
            OperationContext context = ContextFactory.Create(options, NullOperationLog.Instance, out IDisposable clients);
            using (clients)
            {
                return await ListNamesAsync(new ProfileOperations(context), cancellationToken).ConfigureAwait(false);
            }
        }

        private static async Task<List<string>> ListNamesAsync(ProfileOperations profiles, CancellationToken cancellationToken)
        {
            var names = new List<string>();
            string? marker = null;
            do
            {
                Page<IamInstanceProfile> page = await profiles.ListPageAsync(null, marker, cancellationToken).ConfigureAwait(false);
                names.AddRange(page.Items.Select(profile => profile.InstanceProfileName));
                marker = page.NextToken;
            }
            while (!string.IsNullOrEmpty(marker));
            names.Sort(StringComparer.OrdinalIgnoreCase);
            return names;
        }

        private static object? Bound(IDictionary bound, string name)
        {
            object? value = bound?[name];
            return value is PSObject wrapped ? wrapped.BaseObject : value;
        }

        // IAM names have no spaces, but a name typed with a quote should come back quoted the same way.
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
