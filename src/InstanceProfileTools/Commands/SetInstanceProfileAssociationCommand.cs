using System;
using System.Management.Automation;
using InstanceProfileTools.Completers;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Operations;
using InstanceProfileTools.Core.Validation;
using InstanceProfileTools.Infrastructure;

namespace InstanceProfileTools.Commands
{
    /// <summary>
    /// Set-InstanceProfileAssociation: ReplaceIamInstanceProfileAssociation, the atomic swap (the instance keeps
    /// credentials throughout), by association or by instance; answers the new association. -Wait waits for it.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "InstanceProfileAssociation", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByInstanceIdSet)]
    [OutputType(typeof(InstanceProfileAssociation))]
    public sealed class SetInstanceProfileAssociationCommand : InstanceProfileCmdletBase
    {
        private const string ByInstanceIdSet = "ByInstanceId";
        private const string ByAssociationIdSet = "ByAssociationId";
        private ProfileReference? _profile;

        /// <summary>The association to replace.</summary>
        [Parameter(ParameterSetName = ByAssociationIdSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        public string? AssociationId { get; set; }

        /// <summary>The instance whose association to replace (with -AssociationId, only named in messages).</summary>
        [Parameter(ParameterSetName = ByInstanceIdSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = ByAssociationIdSet, ValueFromPipelineByPropertyName = true)]
        public string? InstanceId { get; set; }

        /// <summary>The new profile, by name (give this or -InstanceProfileArn).</summary>
        [Parameter(Position = 1)]
        [ArgumentCompleter(typeof(InstanceProfileNameCompleter))]
        public string? InstanceProfileName { get; set; }

        /// <summary>The new profile, by ARN (give this or -InstanceProfileName).</summary>
        [Parameter]
        public string? InstanceProfileArn { get; set; }

        /// <summary>Seconds to retry while EC2 does not know the new profile or its role yet.</summary>
        [Parameter]
        [ValidateRange(1, Defaults.MaxTimeoutSeconds)]
        public int PropagationTimeout { get; set; } = Defaults.PropagationTimeoutSeconds;

        /// <summary>Return only once the new association is associated.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>Seconds -Wait waits.</summary>
        [Parameter]
        [ValidateRange(1, Defaults.MaxTimeoutSeconds)]
        public int Timeout { get; set; } = Defaults.WaitTimeoutSeconds;

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
                string associationId = ResolveAssociationId();
                string what = InstanceId is null ? associationId : $"{InstanceId} ({associationId})";
                if (!ShouldProcess(what, $"Replace instance profile with '{profile}'"))
                {
                    return;
                }

                ProfileAssociation association = Run(token => new AssociationOperations(Context).ReplaceAsync(
                    associationId, profile, TimeSpan.FromSeconds(PropagationTimeout), Wait.IsPresent, TimeSpan.FromSeconds(Timeout), token));
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
