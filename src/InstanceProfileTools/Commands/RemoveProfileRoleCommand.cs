using System.Management.Automation;
using InstanceProfileTools.Completers;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Operations;
using InstanceProfileTools.Core.Validation;

namespace InstanceProfileTools.Commands
{
    /// <summary>
    /// Remove-ProfileRole: RemoveRoleFromInstanceProfile. While instances in any enabled region use the profile it
    /// needs -Force (and a region that cannot be read refuses it, unless -SkipUnreadableRegion): they
    /// lose the role's permissions up to an hour later, all at once; Set-InstanceRole is the safe way.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "ProfileRole", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(InstanceProfile))]
    public sealed class RemoveProfileRoleCommand : InstanceProfileCmdletBase
    {
        /// <summary>The profile to empty.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(InstanceProfileNameCompleter))]
        public string InstanceProfileName { get; set; } = string.Empty;

        /// <summary>The role expected in the profile; the removal is refused when the profile holds another.</summary>
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(RoleNameCompleter))]
        public string? RoleName { get; set; }

        /// <summary>Remove the role even though instances use the profile.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Go on without the regions whose instances could not be read (not enabled, access denied), with a warning.</summary>
        [Parameter]
        public SwitchParameter SkipUnreadableRegion { get; set; }

        /// <summary>Write the profile, now without a role.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            ForEachItem(InstanceProfileName, () =>
            {
                Validate.InstanceProfileName(InstanceProfileName);
                if (RoleName is not null) Validate.RoleName(RoleName);
                string action = RoleName is null ? "Remove its role" : $"Remove role '{RoleName}'";
                if (!ShouldProcess(InstanceProfileName, action))
                {
                    return;
                }

                IamInstanceProfile profile = Run(token => new ProfileRoleOperations(Context).RemoveAsync(InstanceProfileName, RoleName, Force.IsPresent, SkipUnreadableRegion.IsPresent, token));
                if (PassThru)
                {
                    WriteObject(OutputMapper.ToInstanceProfile(profile));
                }
            });
        }
    }
}
