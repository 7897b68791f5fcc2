using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.ErrorMapping;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Ports;

namespace InstanceProfileTools.Core.Estate
{
    /// <summary>
    /// Reads the live associations of every enabled region, several regions at once, each through its own client.
    /// EC2 cannot filter associations by profile, so one scan answers, for every profile, which instances use it
    /// (IAM is global and does not refuse to delete a profile that instances use: EVIDENCE row 30). A region that
    /// fails is reported as unreadable, with why; it does not stop the others.
    /// </summary>
    public sealed class EstateScan
    {
        /// <summary>
        /// Regions read at once. Each region has its own request buckets, so the bound is not AWS's: it keeps a
        /// 17-region scan to a few connections at a time.
        /// </summary>
        public const int DefaultRegionsAtOnce = 6;

        private static readonly AssociationQuery s_live = new(
            Array.Empty<string>(), Array.Empty<string>(), new[] { AssociationState.Associating, AssociationState.Associated });

        private readonly RegionalEc2 _regions;
        private readonly IOperationLog _log;
        private readonly int _regionsAtOnce;

        public EstateScan(RegionalEc2 regions, IOperationLog log, int regionsAtOnce = DefaultRegionsAtOnce)
        {
            _regions = regions ?? throw new ArgumentNullException(nameof(regions));
            _log = log ?? throw new ArgumentNullException(nameof(log));
            if (regionsAtOnce < 1) throw new ArgumentOutOfRangeException(nameof(regionsAtOnce), regionsAtOnce, "At least one region at a time.");
            _regionsAtOnce = regionsAtOnce;
        }

        /// <summary>
        /// Lists the enabled regions, then reads each one's live associations, at most
        /// <see cref="DefaultRegionsAtOnce"/> (or the bound given) at a time. A region list that cannot be read is
        /// <see cref="ErrorIds.RegionListUnreadable"/>: without it no region can be vouched for.
        /// </summary>
        public async Task<EstateReading> ReadAsync(CancellationToken cancellationToken)
        {
            IReadOnlyList<string> regions = await EnabledRegionsAsync(cancellationToken).ConfigureAwait(false);
            _log.Verbose($"Reading the instance profile associations of {regions.Count} region(s): {string.Join(", ", regions)}.");
            using var slots = new SemaphoreSlim(_regionsAtOnce);
            RegionOutcome[] outcomes = await Task.WhenAll(regions.Select(region => ReadRegionAsync(region, slots, cancellationToken))).ConfigureAwait(false);
            return new EstateReading(
                outcomes.Where(o => o.Failure is null).Select(o => o.Region).OrderBy(r => r, StringComparer.Ordinal).ToList(),
                outcomes.Where(o => o.Failure is not null).Select(o => o.Failure!).OrderBy(u => u.Region, StringComparer.Ordinal).ToList(),
                outcomes.SelectMany(o => o.Associations).ToList());
        }

        private async Task<IReadOnlyList<string>> EnabledRegionsAsync(CancellationToken cancellationToken)
        {
            try
            {
                return await _regions.EnabledRegionsAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (InstanceProfileToolsException error) when (error.ErrorId != ErrorIds.NoRegion && !cancellationToken.IsCancellationRequested)
            {
                const string Advice = "Allow ec2:DescribeRegions to the caller, and run the command in a region enabled for the account.";
                string where = _regions.HomeRegion ?? RegionalEc2.ConfiguredRegion;
                throw RecommendedAction.Attach(
                    new InstanceProfileToolsException(ErrorIds.RegionListUnreadable, error.Kind, where,
                        $"The account's enabled regions could not be listed from {where} ({ReasonOf(error)}), so no region can be vouched for. Nothing was changed. {Advice}",
                        error),
                    Advice);
            }
        }

        private async Task<RegionOutcome> ReadRegionAsync(string region, SemaphoreSlim slots, CancellationToken cancellationToken)
        {
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                IEc2Api ec2 = _regions.In(region);
                IReadOnlyList<ProfileAssociation> live = await Paging.ReadAllAsync(
                    (token, ct) => ec2.DescribeIamInstanceProfileAssociationsAsync(s_live, token, null, ct), cancellationToken).ConfigureAwait(false);
                return new RegionOutcome(region, live.Select(a => new RegionalAssociation(region, a)).ToList(), null);
            }
            catch (InstanceProfileToolsException error) when (!cancellationToken.IsCancellationRequested)
            {
                _log.Verbose($"Region {region} could not be read: {error.Message}");
                return new RegionOutcome(region, Array.Empty<RegionalAssociation>(), new UnreadableRegion(region, ReasonOf(error), error));
            }
            finally
            {
                slots.Release();
            }
        }

        /// <summary>Why a region could not be read, in words: AWS's code and what it means here.</summary>
        internal static string ReasonOf(InstanceProfileToolsException error) => error switch
        {
            // EC2 answers AuthFailure in a region that is not enabled (an opt-in region the account has not opted in to).
            AwsServiceException { ErrorCode: "AuthFailure" } => "AuthFailure: the region is not enabled for the account, or the credentials are not valid there",
            AwsServiceException { ErrorCode: "UnauthorizedOperation" or "AccessDenied" or "AccessDeniedException" } aws =>
                $"{aws.ErrorCode}: access denied to ec2:DescribeIamInstanceProfileAssociations there",
            AwsServiceException aws => $"{aws.ErrorCode}: {aws.ServiceMessage ?? aws.Message}",
            _ => $"{error.ErrorId}: {error.Message}",
        };

        private sealed record RegionOutcome(string Region, IReadOnlyList<RegionalAssociation> Associations, UnreadableRegion? Failure);
    }
}
