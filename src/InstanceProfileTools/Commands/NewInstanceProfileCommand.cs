using System;
using System.Collections.Generic;
using System.Management.Automation;
using InstanceProfileTools.Core;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Operations;
using InstanceProfileTools.Core.Retry;
using InstanceProfileTools.Core.Validation;
using InstanceProfileTools.Input;

namespace InstanceProfileTools.Commands
{
    /// <summary>
    /// New-InstanceProfile: CreateInstanceProfile, plus AddRoleToInstanceProfile with -RoleName (retrying while a
    /// just-created role propagates) and tags. Without a name, the profile is named after the role, as the console does.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "InstanceProfile", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(InstanceProfile))]
    public sealed class NewInstanceProfileCommand : WaitingCmdletBase
    {
        /// <summary>The new profile's name; by default the role's name.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        public string? InstanceProfileName { get; set; }

        /// <summary>The role to put in the profile.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completers.RoleNameCompleter))]
        public string? RoleName { get; set; }

        /// <summary>The IAM path, such as /apps/; '/' by default.</summary>
        [Parameter]
        // $null (an unset variable) would put the profile at '/', and a profile's path cannot be changed later.
        [ValidateNotNull]
        public string? Path { get; set; }

        /// <summary>Tags: a hashtable or objects with Key and Value.</summary>
        [Parameter]
        // $null (an unset variable) would create the profile without the tags meant for it.
        [ValidateNotNull]
        public object[]? Tag { get; set; }

        /// <summary>Go ahead even when the role's trust policy does not let EC2 assume it (RoleNotAssumableByEc2).</summary>
        [Parameter]
        public SwitchParameter SkipTrustCheck { get; set; }

        protected override void ProcessRecord()
        {
            string? name = InstanceProfileName ?? RoleName;
            ForEachItem(name, () =>
            {
                if (name is null)
                {
                    throw new InputValidationException(ErrorIds.InvalidParameter, nameof(InstanceProfileName), null,
                        "Give -InstanceProfileName, or -RoleName to name the profile after its role.");
                }

                Validate.InstanceProfileName(name);
                if (RoleName is not null) Validate.RoleName(RoleName);
                if (Path is not null) Validate.Path(Path);
                IReadOnlyList<Tag>? tags = Tag is null ? null : TagInput.Parse(Tag);
                string action = RoleName is null ? "Create instance profile" : $"Create instance profile with role '{RoleName}'";
                if (!ShouldProcess(name, action))
                {
                    return;
                }

                IamInstanceProfile profile = Run(token => new ProfileOperations(Context).CreateAsync(
                    new ProfileCreation(name) { Path = Path, Tags = tags, RoleName = RoleName, SkipTrustCheck = SkipTrustCheck.IsPresent }, WaitOptions, token));
                WriteObject(OutputMapper.ToInstanceProfile(profile));
            });
        }
    }
}
