using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.Ports;

namespace InstanceProfileTools.Core.Estate
{
    /// <summary>
    /// EC2 in every region of the account: the command's own client in its region and, in each other region, a client
    /// of its own, made on first use. EC2 keeps instances, associations and request buckets per account and region
    /// (EVIDENCE rows 22 and 30), so each regional client is paced by its own buckets.
    /// </summary>
    public sealed class RegionalEc2
    {
        /// <summary>How the one region is named when the command's EC2 sees no other and no region was configured.</summary>
        public const string ConfiguredRegion = "(the configured region)";

        private readonly Func<string, IEc2Api>? _open;
        private readonly ConcurrentDictionary<string, Lazy<IEc2Api>> _clients = new(StringComparer.Ordinal);

        /// <param name="home">EC2 in the command's region; it lists the enabled regions.</param>
        /// <param name="homeRegion">The command's region; null when none was configured.</param>
        /// <param name="open">Makes EC2 for another region; null for a view of the command's region alone.</param>
        public RegionalEc2(IEc2Api home, string? homeRegion, Func<string, IEc2Api>? open = null)
        {
            Home = home ?? throw new ArgumentNullException(nameof(home));
            HomeRegion = homeRegion;
            _open = open;
        }

        /// <summary>EC2 in the command's region.</summary>
        public IEc2Api Home { get; }

        /// <summary>The command's region, when one was configured.</summary>
        public string? HomeRegion { get; }

        /// <summary>
        /// The regions enabled for the account (DescribeRegions in the command's region); the command's region alone
        /// when this view sees no other.
        /// </summary>
        public async Task<IReadOnlyList<string>> EnabledRegionsAsync(CancellationToken cancellationToken)
        {
            if (_open is null)
            {
                return new[] { HomeRegion ?? ConfiguredRegion };
            }

            return await Home.DescribeRegionsAsync(cancellationToken).ConfigureAwait(false);
        }

        /// <summary>EC2 in <paramref name="region"/>: the command's own client there, otherwise that region's, made once.</summary>
        public IEc2Api In(string region)
        {
            if (region is null) throw new ArgumentNullException(nameof(region));
            if (_open is null || string.Equals(region, HomeRegion, StringComparison.Ordinal))
            {
                return Home;
            }

            return _clients.GetOrAdd(region, name => new Lazy<IEc2Api>(() => _open(name))).Value;
        }
    }
}
