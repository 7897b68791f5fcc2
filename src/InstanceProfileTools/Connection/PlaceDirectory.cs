using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core;
using InstanceProfileTools.Core.Connection;
using InstanceProfileTools.Core.Estate;

namespace InstanceProfileTools.Connection
{
    /// <summary>
    /// The accounts and regions one command reaches: a connection per credential profile (an account), in it EC2 per
    /// region with its own client and pacer, so that -ThrottleLimit and -MaxRequestRate hold per account-region.
    /// Each connection, account lookup and place is made once and shared by every pipeline record that names it.
    /// </summary>
    internal sealed class PlaceDirectory : IDisposable
    {
        /// <summary>The region name that means every region enabled for the account.</summary>
        public const string EveryRegion = "*";

        private readonly Func<string?, AwsConnectionOptions> _optionsFor;
        private readonly IOperationLog _log;
        private readonly double? _maxMutatingRate;
        private readonly object _lock = new();
        private readonly Dictionary<string, AwsClients> _accounts = new(StringComparer.Ordinal);
        private readonly Dictionary<string, IReadOnlyList<Place>> _lists = new(StringComparer.Ordinal);
        private readonly Dictionary<(string Profile, string? Region), Place> _places = new();

        /// <param name="optionsFor">The connection options for a credential profile (null: the command's default credentials).</param>
        public PlaceDirectory(Func<string?, AwsConnectionOptions> optionsFor, IOperationLog log, double? maxMutatingRate)
        {
            _optionsFor = optionsFor;
            _log = log;
            _maxMutatingRate = maxMutatingRate;
        }

        /// <summary>Whether a -Region value reaches several places, or one of unknown count (*).</summary>
        public static bool Spans(IReadOnlyList<string>? regions, IReadOnlyList<string?> profiles) =>
            profiles.Count > 1 || regions is { Count: > 1 } || (regions?.Contains(EveryRegion) ?? false);

        /// <summary>
        /// The places of every profile and region, profiles first, each in the order given; null regions mean the
        /// configured one, <c>*</c> every region enabled for each account. The same list object for the same request.
        /// </summary>
        public async Task<IReadOnlyList<Place>> PlacesAsync(IReadOnlyList<string?> profiles, IReadOnlyList<string>? regions, CancellationToken cancellationToken)
        {
            string key = string.Join("|", profiles) + "#" + (regions is null ? string.Empty : string.Join(",", regions));
            lock (_lock)
            {
                if (_lists.TryGetValue(key, out IReadOnlyList<Place>? known)) return known;
            }

            var places = new List<Place>();
            foreach (string? profile in profiles)
            {
                AwsClients aws = Account(profile, regions);
                string accountId = await aws.AccountIdAsync(cancellationToken).ConfigureAwait(false);
                IReadOnlyList<string?> inAccount = regions is null
                    ? new string?[] { null }
                    : regions.Contains(EveryRegion)
                        ? await aws.Regions.EnabledRegionsAsync(cancellationToken).ConfigureAwait(false)
                        : regions;
                foreach (string? region in inAccount.Distinct())
                {
                    places.Add(PlaceIn(aws, profile, accountId, region));
                }
            }

            lock (_lock)
            {
                return _lists.TryGetValue(key, out IReadOnlyList<Place>? raced) ? raced : _lists[key] = places;
            }
        }

        public void Dispose()
        {
            foreach (AwsClients aws in _accounts.Values) aws.Dispose();
        }

        // One connection per profile. Its home region (where it lists the enabled regions) is the first named, or the
        // configured one for * and for none.
        private AwsClients Account(string? profile, IReadOnlyList<string>? regions)
        {
            lock (_lock)
            {
                string key = profile ?? string.Empty;
                if (!_accounts.TryGetValue(key, out AwsClients? aws))
                {
                    AwsConnectionOptions options = _optionsFor(profile);
                    string? named = regions?.FirstOrDefault(region => region != EveryRegion);
                    aws = ContextFactory.Open(named is null ? options : options with { Region = named }, _log, _maxMutatingRate);
                    _accounts[key] = aws;
                }

                return aws;
            }
        }

        private Place PlaceIn(AwsClients aws, string? profile, string accountId, string? region)
        {
            lock (_lock)
            {
                (string, string?) key = (profile ?? string.Empty, region);
                if (!_places.TryGetValue(key, out Place? place))
                {
                    place = new Place(accountId, region ?? aws.Region, ContextFactory.In(aws, region, _log), profile);
                    _places[key] = place;
                }

                return place;
            }
        }
    }
}
