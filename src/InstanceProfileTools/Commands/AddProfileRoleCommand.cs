using System;
using System.Management.Automation;
using InstanceProfileTools.Completers;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Operations;
using InstanceProfileTools.Core.Validation;

namespace InstanceProfileTools.Commands
{
    /// <summary>
    /// Add-ProfileRole: AddRoleToInstanceProfile, retrying while a just-created role propagates. A profile holds one
    /// role: one that already holds another is refused with the safe way to change roles.
    /// </summary>
    [Cmdlet(VerbsCommon.Add, "ProfileRole", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(InstanceProfile))]
    public sealed class AddProfileRoleCommand : PropagatingCmdletBase
    {
        /// <summary>The profile that gets the role.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(InstanceProfileNameCompleter))]
        public string InstanceProfileName { get; set; } = string.Empty;

        /// <summary>The role to add.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(RoleNameCompleter))]
        public string RoleName { get; set; } = string.Empty;

        /// <summary>Go ahead even when the role's trust policy does not let EC2 assume it (RoleNotAssumableByEc2).</summary>
        [Parameter]
        public SwitchParameter SkipTrustCheck { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();

            // A role given on the command line serves every item: a bad one stops the command. One that comes
            // with each item (Import-Csv rows, say) is checked with its item.
            if (MyInvocation.BoundParameters.ContainsKey(nameof(RoleName)))
            {
                ValidateParameter(() => Validate.RoleName(RoleName));
            }
        }

        protected override void ProcessRecord()
        {
            ForEachItem(InstanceProfileName, () =>
            {
                Validate.InstanceProfileName(InstanceProfileName);
                Validate.RoleName(RoleName);
                if (!ShouldProcess(InstanceProfileName, $"Add role '{RoleName}'"))
                {
                    return;
                }

                IamInstanceProfile profile = Run(token => new ProfileRoleOperations(Context).AddAsync(
                    InstanceProfileName, RoleName, SkipTrustCheck.IsPresent, TimeSpan.FromSeconds(PropagationTimeout), token));
                WriteObject(OutputMapper.ToInstanceProfile(profile));
            });
        }
    }
}
