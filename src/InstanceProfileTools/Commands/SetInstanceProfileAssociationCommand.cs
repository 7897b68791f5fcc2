using System;
using System.Management.Automation;
using InstanceProfileTools.Completers;
using InstanceProfileTools.Core.Journal;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Moves;
using InstanceProfileTools.Core.Operations;
using InstanceProfileTools.Core.Retry;
using InstanceProfileTools.Input;

namespace InstanceProfileTools.Commands
{
    /// <summary>
    /// Set-InstanceProfileAssociation: ReplaceIamInstanceProfileAssociation, the atomic swap (the instance keeps
    /// credentials throughout), by association or by instance; answers the new association. -Wait waits for it.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "InstanceProfileAssociation", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(InstanceProfileAssociation))]
    public sealed class SetInstanceProfileAssociationCommand : AssociationChangeCmdletBase
    {
        private ProfileReference? _profile;

        /// <summary>The association to replace; wins over -InstanceId (a piped association names its own).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? AssociationId { get; set; }

        /// <summary>The instance whose current association to replace (with -AssociationId, only named in messages).</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(InstanceIdCompleter))]
        public string? InstanceId { get; set; }

        /// <summary>The new profile, by name (give this or -InstanceProfileArn).</summary>
        [Parameter(Position = 1)]
        [ArgumentCompleter(typeof(InstanceProfileNameCompleter))]
        public string? InstanceProfileName { get; set; }

        /// <summary>The new profile, by ARN (give this or -InstanceProfileName).</summary>
        [Parameter]
        public string? InstanceProfileArn { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            ValidateParameter(() => _profile = ProfileReferenceInput.From(InstanceProfileName, InstanceProfileArn));
        }

        protected override void ProcessRecord()
        {
            ProfileReference profile = _profile!;
            object target = (object?)AssociationId ?? InstanceId ?? string.Empty;
            ForEachItem(target, () =>
            {
                AssociationInput input = AssociationInput.From(AssociationId, InstanceId);
                string associationId = Run(token => new AssociationOperations(Context).AssociationIdAsync(input.AssociationId, input.InstanceId, token));
                if (!ShouldProcess(input.Describe(associationId), $"Replace instance profile with '{profile}'"))
                {
                    return;
                }

                var associations = new AssociationOperations(Context);
                // The journal needs what is replaced: one read, only when journaling.
                ProfileAssociation? before = Journaling ? Run(token => associations.FindAsync(associationId, token)) : null;
                if (before is not null)
                {
                    // The record comes first: a reply can be lost after the replace is made.
                    string arn = profile.Arn ?? Run(token => new ProfileOperations(Context).GetAsync(profile.Name!, token)).Arn;
                    RunJournal.Intent(before.InstanceId, before, null, arn, null, RoleChangeMethod.Replace);
                }

                ProfileAssociation association = Run(token => associations.ReplaceAsync(associationId, profile, WaitOptions, token));
                RunJournal.Association(association.InstanceId, before, association, RoleChangeMethod.Replace);
                WriteObject(OutputMapper.ToAssociation(association));
            });
        }
    }
}
