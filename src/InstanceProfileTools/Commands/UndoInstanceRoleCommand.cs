using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using InstanceProfileTools.Completers;
using InstanceProfileTools.Connection;
using InstanceProfileTools.Core;
using InstanceProfileTools.Core.Estate;
using InstanceProfileTools.Core.Fleet;
using InstanceProfileTools.Core.Journal;
using InstanceProfileTools.Core.Moves;
using InstanceProfileTools.Core.Validation;

namespace InstanceProfileTools.Commands
{
    /// <summary>
    /// Undo-InstanceRole: puts every instance a journal changed back on the profile it had before the first change
    /// the journal records, by the same safe move, pacing and rollback as Set-InstanceRole, and journals that too.
    /// An instance someone changed since is left alone unless -EvenIfChangedSince, and one that had no profile stays
    /// on its current one unless -AllowDisassociate. Running it again changes nothing.
    /// </summary>
    [Cmdlet(VerbsCommon.Undo, "InstanceRole", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(RoleChange))]
    public sealed class UndoInstanceRoleCommand : RoleChangeCmdletBase
    {
        private readonly HashSet<string> _only = new(StringComparer.Ordinal);
        private readonly Dictionary<string, RestoreRequest> _requests = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Place> _placeOf = new(StringComparer.Ordinal);
        private readonly List<(Place Place, LaunchTemplateRestore Template)> _templates = new();
        private bool _onlySome;

        /// <summary>The journal of Set-InstanceRole -JournalPath to undo; the undo's own lines are appended to it.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public override string? JournalPath { get; set; }

        /// <summary>Only these of the journal's instances.</summary>
        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(InstanceIdCompleter))]
        public string[]? InstanceId { get; set; }

        /// <summary>Put back instances whose association the journal never recorded (someone changed them since).</summary>
        [Parameter]
        public SwitchParameter EvenIfChangedSince { get; set; }

        /// <summary>Disassociate instances that had no profile before (which takes their credentials away).</summary>
        [Parameter]
        public SwitchParameter AllowDisassociate { get; set; }

        protected override int ProgressActivityId => 5;

        protected override object? RunTarget => JournalPath;

        protected override void BeginProcessing()
        {
            // Read before the base opens the same file for appending.
            string path = JournalFullPath!;
            IReadOnlyList<JournalEntry> entries = Array.Empty<JournalEntry>();
            IReadOnlyList<int> skipped = Array.Empty<int>();
            ValidateParameter(() => entries = JournalReader.Read(path, out skipped));
            if (skipped.Count > 0)
            {
                WriteWarning($"Line(s) {string.Join(", ", skipped)} of journal '{path}' are not journal entries (a run stopped while writing them) and were left out.");
            }

            base.BeginProcessing();

            // Each line goes back to its own account and region; -Region limits the undo to those regions' lines.
            int[] lines = Enumerable.Range(0, entries.Count).Where(line => InRegions(entries[line].Region)).ToArray();
            if (lines.Length < entries.Count)
            {
                WriteWarning($"{entries.Count - lines.Length} line(s) of journal '{path}' are for other regions than -Region {string.Join(",", Region!)} and were left as they are.");
            }

            // Nothing in the file is trusted: its accounts, regions and profiles must be those the credentials reach, before any change.
            try
            {
                foreach ((Place place, IReadOnlyList<int> routed) in JournalRouting.Route(entries, lines, region => PlacesFor(region is null ? null : new[] { region }), path))
                {
                    Run(token => JournalTrust.CheckAsync(entries, routed, path, place.Context, token));
                    JournalEntry[] inPlace = routed.Select(line => entries[line]).ToArray();
                    foreach (RestoreRequest request in UndoPlan.From(inPlace, EvenIfChangedSince.IsPresent, AllowDisassociate.IsPresent))
                    {
                        _requests[request.InstanceId] = request;
                        _placeOf[request.InstanceId] = place;
                    }

                    _templates.AddRange(UndoPlan.Templates(inPlace).Select(template => (place, template)));
                }
            }
            catch (InstanceProfileToolsException untrusted)
            {
                ThrowTerminatingError(ToErrorRecord(untrusted, path));
            }
        }

        // The journal's lines route themselves: -Region, when given, only limits them.
        private bool InRegions(string? region) =>
            Region is null || Region.Contains(PlaceDirectory.EveryRegion) || (region is not null && Region.Contains(region, StringComparer.Ordinal));

        protected override void ProcessRecord()
        {
            // Ids given (even bad ones) mean only those: a typo must never widen the undo to the whole journal.
            _onlySome |= InstanceId is not null;
            foreach (string instanceId in InstanceId ?? Array.Empty<string>())
            {
                ForEachItem(instanceId, () =>
                {
                    Validate.InstanceId(instanceId);
                    if (!_requests.ContainsKey(instanceId))
                    {
                        throw new InputValidationException(ErrorIds.InvalidParameter, nameof(InstanceId), instanceId,
                            $"Instance {instanceId} has no change to undo in journal '{JournalPath}'.");
                    }

                    _only.Add(instanceId);
                });
            }
        }

        protected override void EndProcessing()
        {
            foreach (string instanceId in _requests.Keys.Where(id => !_onlySome || _only.Contains(id)))
            {
                Offer(instanceId, new[] { _placeOf[instanceId] });
            }

            base.EndProcessing();

            // Launch templates the run made launch with the new profile get their previous default back, unless
            // the undo is limited to some instances.
            foreach ((Place place, LaunchTemplateRestore template) in _onlySome || Stopping ? new List<(Place, LaunchTemplateRestore)>() : _templates)
            {
                var update = new LaunchTemplateUpdate(place.Context.Ec2, JournalIn(place));
                if (!ShouldProcess(template.LaunchTemplateId, $"Make version {template.PreviousVersion} the launch template's default again")) continue;
                ForEachItem(template.LaunchTemplateId, () =>
                {
                    bool changed = Run(token => update.BackAsync(template.LaunchTemplateId, template.PreviousVersion, template.MadeVersion, template.MadeProfileArn, EvenIfChangedSince.IsPresent, token));
                    WriteVerbose(changed
                        ? $"Launch template {template.LaunchTemplateId}: version {template.PreviousVersion} is the default again."
                        : $"Launch template {template.LaunchTemplateId}: version {template.PreviousVersion} is already the default.");
                });
            }
        }

        // A restore has no target to share: each line says where its instance goes back to.
        protected override RoleChangeEngine NewEngine(Place place, RoleChangeEngine? sameAccount) =>
            RoleChangeEngine.ForRestore(place.Context, new RoleChangeOptions
            {
                PropagationTimeout = TimeSpan.FromSeconds(PropagationTimeout),
                Timeout = TimeSpan.FromSeconds(Timeout),
            }, JournalIn(place));

        protected override RoleChangeRunner StartRunner(Place place, HostChannel channel, CancellationToken stop) =>
            EngineFor(place).StartRestoreRunner(_requests, ThrottleLimit, channel, stop, CancellationToken.None);

        // The journal says where each instance goes back to: no read is needed to say so.
        protected override IReadOnlyList<(string InstanceId, string Action)> Describe(Place place, IReadOnlyList<string> instanceIds, bool readPlans) =>
            instanceIds.Select(id => (id, _requests[id].InstanceProfileArn is { } arn
                ? $"Put the instance back on instance profile {arn}"
                : "Put the instance back on no instance profile (it had none)")).ToArray();
    }
}
