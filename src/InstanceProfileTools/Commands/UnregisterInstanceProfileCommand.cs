using System;
using System.Management.Automation;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Operations;
using InstanceProfileTools.Core.Validation;

namespace InstanceProfileTools.Commands
{
    /// <summary>
    /// Unregister-InstanceProfile: DisassociateIamInstanceProfile, by association or by instance. The instance loses
    /// its credentials; to change its role, Set-InstanceRole swaps without a gap.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Unregister, "InstanceProfile", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ByInstanceIdSet)]
    [OutputType(typeof(InstanceProfileAssociation))]
    public sealed class UnregisterInstanceProfileCommand : InstanceProfileCmdletBase
    {
        private const string ByInstanceIdSet = "ByInstanceId";
        private const string ByAssociationIdSet = "ByAssociationId";

        /// <summary>The association to end.</summary>
        [Parameter(ParameterSetName = ByAssociationIdSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        public string? AssociationId { get; set; }

        /// <summary>The instance whose association to end (with -AssociationId, only named in messages).</summary>
        [Parameter(ParameterSetName = ByInstanceIdSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = ByAssociationIdSet, ValueFromPipelineByPropertyName = true)]
        public string? InstanceId { get; set; }

        protected override void ProcessRecord()
        {
            object target = (object?)AssociationId ?? InstanceId ?? string.Empty;
            ForEachItem(target, () =>
            {
                string associationId = ResolveAssociationId();
                string what = InstanceId is null ? associationId : $"{InstanceId} ({associationId})";
                if (!ShouldProcess(what, "Disassociate instance profile (the instance loses its AWS credentials)"))
                {
                    return;
                }

                ProfileAssociation association = Run(token => new AssociationOperations(Context).DisassociateAsync(associationId, token));
                WriteObject(OutputMapper.ToAssociation(association));
            });
        }

        private string ResolveAssociationId()
        {
            if (ParameterSetName == ByAssociationIdSet)
            {
                Validate.AssociationId(AssociationId);
                return AssociationId!;
            }

            Validate.InstanceId(InstanceId);
            string instanceId = InstanceId!;
            return Run(token => new AssociationOperations(Context).RequireCurrentAsync(instanceId, token)).AssociationId;
        }
    }
}
