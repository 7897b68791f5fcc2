using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using InstanceProfileTools.Core.Estate;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Operations;
using InstanceProfileTools.Core.Ec2;
using InstanceProfileTools.Core.Ports;
using InstanceProfileTools.Core.Validation;

namespace InstanceProfileTools.Commands
{
    /// <summary>
    /// Get-InstanceProfileAssociation: DescribeIamInstanceProfileAssociations by instance, association and state,
    /// page by page, each association written as it comes. Instance ids from the pipeline are read 200 a call; a
    /// malformed id fails alone.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "InstanceProfileAssociation")]
    [OutputType(typeof(InstanceProfileAssociation))]
    public sealed class GetInstanceProfileAssociationCommand : InstanceProfileCmdletBase
    {
        private readonly List<string> _pendingInstanceIds = new();
        private AssociationState[] _states = Array.Empty<AssociationState>();
        private string[]? _pendingRegions;

        /// <summary>Only these instances' associations.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completers.InstanceIdCompleter))]
        public string[]? InstanceId { get; set; }

        /// <summary>Only these associations.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string[]? AssociationId { get; set; }

        /// <summary>The regions to read: several, or * for every region enabled; objects from the pipeline bring theirs.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public override string[]? Region { get; set; }

        /// <summary>Only associations in these states.</summary>
        [Parameter]
        [ValidateSet("associating", "associated", "disassociating", "disassociated", IgnoreCase = true)]
        public string[]? State { get; set; }

        protected override bool SpansEstate => true;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _states = (State ?? Array.Empty<string>())
                .Select(state => (AssociationState)Enum.Parse(typeof(AssociationState), state, ignoreCase: true))
                .ToArray();
        }

        protected override void ProcessRecord()
        {
            string[] instanceIds = InstanceId ?? Array.Empty<string>();
            string[] associationIds = AssociationId ?? Array.Empty<string>();
            if (RegionsChangedFrom(_pendingRegions)) ReadPendingInstances();
            _pendingRegions = Region;
            if (instanceIds.Length > 0 && associationIds.Length == 0)
            {
                // Instances alone gather across pipeline records into reads of 200.
                foreach (string instanceId in instanceIds)
                {
                    ForEachItem(instanceId, () =>
                    {
                        Validate.InstanceId(instanceId);
                        _pendingInstanceIds.Add(instanceId);
                    });
                    if (_pendingInstanceIds.Count == AssociationReader.MaxIdsPerCall) ReadPendingInstances();
                }

                return;
            }

            ReadPendingInstances();
            object target = instanceIds.FirstOrDefault() ?? (object?)associationIds.FirstOrDefault() ?? "all associations";
            ForEachItem(target, () =>
            {
                foreach (string id in instanceIds) Validate.InstanceId(id);
                foreach (string id in associationIds) Validate.AssociationId(id);
                Write(new AssociationQuery(associationIds, instanceIds, _states));
            });
        }

        protected override void EndProcessing() => ReadPendingInstances();

        private void ReadPendingInstances()
        {
            if (_pendingInstanceIds.Count == 0)
            {
                return;
            }

            string[] batch = _pendingInstanceIds.ToArray();
            _pendingInstanceIds.Clear();
            ForEachItem(batch[0], () => Write(new AssociationQuery(Array.Empty<string>(), batch, _states)));
        }

        // One place reads page by page, each association written as it comes; several are read at once, each to its
        // last page, and written place by place.
        private void Write(AssociationQuery query)
        {
            IReadOnlyList<Place> places = PlacesFor(_pendingRegions);
            if (places.Count == 1)
            {
                var associations = new AssociationOperations(places[0].Context);
                foreach (ProfileAssociation association in ReadPages((nextToken, token) => associations.DescribePageAsync(query, nextToken, token)))
                {
                    WriteObject(OutputMapper.ToAssociation(association, places[0]));
                }

                return;
            }

            IReadOnlyList<ProfileAssociation>[] read = Run(token => Task.WhenAll(places.Select(place =>
                Paging.ReadAllAsync((nextToken, pageToken) => new AssociationOperations(place.Context).DescribePageAsync(query, nextToken, pageToken), token))));
            for (int i = 0; i < places.Count; i++)
            {
                foreach (ProfileAssociation association in read[i]) WriteObject(OutputMapper.ToAssociation(association, places[i]));
            }
        }
    }
}
