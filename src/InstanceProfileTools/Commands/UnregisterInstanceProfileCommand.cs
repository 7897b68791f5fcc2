using System;
using System.Management.Automation;
using InstanceProfileTools.Core.Journal;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Moves;
using InstanceProfileTools.Core.Operations;
using InstanceProfileTools.Core.Retry;
using InstanceProfileTools.Input;

namespace InstanceProfileTools.Commands
{
    /// <summary>
    /// Unregister-InstanceProfile: DisassociateIamInstanceProfile, by association or by instance. The instance loses
    /// its credentials; to change its role, Set-InstanceRole swaps without a gap. -Wait returns once EC2 lists the
    /// association disassociated or no more.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Unregister, "InstanceProfile", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(InstanceProfileAssociation))]
    public sealed class UnregisterInstanceProfileCommand : AssociationChangeCmdletBase
    {
        /// <summary>The association to end; wins over -InstanceId (a piped association names its own).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? AssociationId { get; set; }

        /// <summary>The instance whose current association to end (with -AssociationId, only named in messages).</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completers.InstanceIdCompleter))]
        public string? InstanceId { get; set; }

        protected override void ProcessRecord()
        {
            object target = (object?)AssociationId ?? InstanceId ?? string.Empty;
            ForEachItem(target, () =>
            {
                AssociationInput input = AssociationInput.From(AssociationId, InstanceId);
                string associationId = Run(token => new AssociationOperations(Context).AssociationIdAsync(input.AssociationId, input.InstanceId, token));
                if (!ShouldProcess(input.Describe(associationId), "Disassociate instance profile (the instance loses its AWS credentials)"))
                {
                    return;
                }

                var associations = new AssociationOperations(Context);
                if (Journaling && Run(token => associations.FindAsync(associationId, token)) is { } before)
                {
                    RunJournal.Intent(before.InstanceId, before, null, null, null, RoleChangeMethod.Disassociate);
                }

                ProfileAssociation association = Run(token => associations.DisassociateAsync(associationId, WaitOptions, token));
                RunJournal.Association(association.InstanceId, association, null, RoleChangeMethod.Disassociate);
                WriteObject(OutputMapper.ToAssociation(association));
            });
        }
    }
}
