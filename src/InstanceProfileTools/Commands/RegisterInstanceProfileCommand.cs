using System;
using System.Management.Automation;
using InstanceProfileTools.Completers;
using InstanceProfileTools.Core.Journal;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Moves;
using InstanceProfileTools.Core.Operations;
using InstanceProfileTools.Core.Retry;
using InstanceProfileTools.Core.Validation;
using InstanceProfileTools.Input;

namespace InstanceProfileTools.Commands
{
    /// <summary>
    /// Register-InstanceProfile: AssociateIamInstanceProfile, retrying while EC2 does not know a new profile (or its
    /// role) yet; -Wait returns once the association is associated.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Register, "InstanceProfile", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByNameSet)]
    [OutputType(typeof(InstanceProfileAssociation))]
    public sealed class RegisterInstanceProfileCommand : AssociationChangeCmdletBase
    {
        private const string ByNameSet = "ByName";
        private const string ByArnSet = "ByArn";
        private ProfileReference? _profile;

        /// <summary>The instances to associate the profile with.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(InstanceIdCompleter))]
        public string[] InstanceId { get; set; } = Array.Empty<string>();

        /// <summary>The profile, by name.</summary>
        [Parameter(ParameterSetName = ByNameSet, Mandatory = true, Position = 1)]
        [ArgumentCompleter(typeof(InstanceProfileNameCompleter))]
        public string? InstanceProfileName { get; set; }

        /// <summary>The profile, by ARN.</summary>
        [Parameter(ParameterSetName = ByArnSet, Mandatory = true)]
        public string? InstanceProfileArn { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            ValidateParameter(() => _profile = ProfileReferenceInput.From(InstanceProfileName, InstanceProfileArn));
        }

        protected override void ProcessRecord()
        {
            ProfileReference profile = _profile!;
            foreach (string instanceId in InstanceId)
            {
                ForEachItem(instanceId, () =>
                {
                    Validate.InstanceId(instanceId);
                    if (!ShouldProcess(instanceId, $"Associate instance profile '{profile}'"))
                    {
                        return;
                    }

                    // The record comes first: a reply can be lost after the association is made.
                    if (Journaling)
                    {
                        string arn = profile.Arn ?? Run(token => new ProfileOperations(Context).GetAsync(profile.Name!, token)).Arn;
                        RunJournal.Intent(instanceId, null, null, arn, null, RoleChangeMethod.Associate);
                    }

                    ProfileAssociation association = Run(token => new AssociationOperations(Context).AssociateAsync(instanceId, profile, WaitOptions, token));
                    RunJournal.Association(instanceId, null, association, RoleChangeMethod.Associate);
                    WriteObject(OutputMapper.ToAssociation(association));
                });
            }
        }
    }
}
