using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core;
using InstanceProfileTools.Core.Ec2;
using InstanceProfileTools.Core.Estate;
using InstanceProfileTools.Core.Operations;
using InstanceProfileTools.Core.Validation;

namespace InstanceProfileTools.Commands
{
    /// <summary>
    /// Get-InstanceRole: per instance, its association, instance profile and role, in one object that says its
    /// region and account. Ids from the pipeline are read 200 a call, each in the account-region it is found in; an
    /// unknown or malformed id fails alone.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "InstanceRole")]
    [OutputType(typeof(InstanceRole))]
    public sealed class GetInstanceRoleCommand : InstanceProfileCmdletBase
    {
        private readonly List<string> _pending = new();
        private string[]? _pendingRegions;

        /// <summary>The instances to look at.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completers.InstanceIdCompleter))]
        public string[] InstanceId { get; set; } = Array.Empty<string>();

        /// <summary>The regions to look in: several, or * for every region enabled; objects from the pipeline bring theirs.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public override string[]? Region { get; set; }

        protected override bool SpansEstate => true;

        protected override void ProcessRecord()
        {
            // Ids gather into one read while they come for the same regions.
            if (RegionsChangedFrom(_pendingRegions)) Flush();
            _pendingRegions = Region;
            foreach (string instanceId in InstanceId)
            {
                ForEachItem(instanceId, () =>
                {
                    Validate.InstanceId(instanceId);
                    _pending.Add(instanceId);
                });
                if (_pending.Count == AssociationReader.MaxIdsPerCall)
                {
                    Flush();
                }
            }
        }

        protected override void EndProcessing() => Flush();

        private void Flush()
        {
            if (_pending.Count == 0)
            {
                return;
            }

            string[] batch = _pending.ToArray();
            _pending.Clear();
            IReadOnlyList<Place>? places = null;
            IReadOnlyDictionary<string, (Place Place, ItemResult<InstanceRoleInfo> Role)>? read = null;
            ForEachItem(batch[0], () =>
            {
                places = PlacesFor(_pendingRegions);
                read = Run(token => ReadAsync(places, batch, token));
            });
            foreach (string instanceId in read is null ? Array.Empty<string>() : batch)
            {
                if (!read!.TryGetValue(instanceId, out (Place Place, ItemResult<InstanceRoleInfo> Role) found))
                {
                    WriteError(ToErrorRecord(InstanceLocator.NotFound(instanceId, places!), instanceId));
                }
                else if (found.Role.Error is InstanceProfileToolsException error)
                {
                    WriteError(ToErrorRecord(error, instanceId));
                }
                else
                {
                    InstanceRoleInfo info = found.Role.Value;
                    WriteObject(OutputMapper.ToInstanceRole(info.InstanceId, info.Association, info.Profile, found.Place));
                }
            }
        }

        // One place reads every id itself (an unknown one fails as EC2 says); several first find where each instance
        // is, one read per place (InstanceLocator, as Set-InstanceRole does), then each place reads only its own.
        private static async Task<IReadOnlyDictionary<string, (Place, ItemResult<InstanceRoleInfo>)>> ReadAsync(
            IReadOnlyList<Place> places, string[] batch, CancellationToken cancellationToken)
        {
            IReadOnlyDictionary<string, Place>? located = places.Count == 1 ? null : await InstanceLocator.LocateAsync(places, batch, cancellationToken).ConfigureAwait(false);
            IGrouping<Place, string>[] byPlace = batch.Where(id => located is null || located.ContainsKey(id)).GroupBy(id => located?[id] ?? places[0]).ToArray();
            IReadOnlyList<ItemResult<InstanceRoleInfo>>[] roles = await Task.WhenAll(
                byPlace.Select(inPlace => new AssociationOperations(inPlace.Key.Context).GetInstanceRolesAsync(inPlace.ToArray(), cancellationToken))).ConfigureAwait(false);
            var read = new Dictionary<string, (Place, ItemResult<InstanceRoleInfo>)>(StringComparer.Ordinal);
            for (int n = 0; n < byPlace.Length; n++)
            {
                int i = 0;
                foreach (string instanceId in byPlace[n]) read[instanceId] = (byPlace[n].Key, roles[n][i++]);
            }

            return read;
        }
    }
}
