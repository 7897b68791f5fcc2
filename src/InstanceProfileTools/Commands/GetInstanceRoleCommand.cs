using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
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
    /// region and account. Ids from the pipeline are read 200 a call, in every account-region the command spans at
    /// once; an unknown or malformed id fails alone.
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
            IReadOnlyList<ItemResult<InstanceRoleInfo>>[]? read = null;
            ForEachItem(batch[0], () =>
            {
                places = PlacesFor(_pendingRegions);
                read = Run(token => Task.WhenAll(places.Select(place => new AssociationOperations(place.Context).GetInstanceRolesAsync(batch, token))));
            });
            for (int i = 0; read is not null && i < batch.Length; i++)
            {
                // Instances live in one place: the one that knows the id answers; elsewhere it is not found.
                int at = Array.FindIndex(read, roles => roles[i].Error is null);
                if (at < 0)
                {
                    InstanceProfileToolsException[] errors = read.Select(roles => roles[i].Error!).ToArray();
                    Exception error = errors.FirstOrDefault(found => found.ErrorId != ErrorIds.InstanceNotFound)
                        ?? (errors.Length == 1 ? errors[0] : InstanceLocator.NotFound(batch[i], places!));
                    WriteError(ToErrorRecord(error, batch[i]));
                    continue;
                }

                InstanceRoleInfo info = read[at][i].Value;
                WriteObject(OutputMapper.ToInstanceRole(info.InstanceId, info.Association, info.Profile, places![at]));
            }
        }
    }
}
