using System.Management.Automation;
using InstanceProfileTools.Completers;
using InstanceProfileTools.Core.Operations;
using InstanceProfileTools.Core.Validation;

namespace InstanceProfileTools.Commands
{
    /// <summary>
    /// Remove-InstanceProfile: DeleteInstanceProfile, refused while instances in any enabled region are associated
    /// with the profile, or while a region cannot be read (unless -SkipUnreadableRegion); a profile holding a role
    /// needs -Force, which removes the role first.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "InstanceProfile", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveInstanceProfileCommand : InstanceProfileCmdletBase
    {
        /// <summary>The profiles to delete.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [ArgumentCompleter(typeof(InstanceProfileNameCompleter))]
        public string[] InstanceProfileName { get; set; } = System.Array.Empty<string>();

        /// <summary>Remove the profile's role first (a profile holding a role cannot be deleted).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Go on without the regions whose instances could not be read (not enabled, access denied), with a warning.</summary>
        [Parameter]
        public SwitchParameter SkipUnreadableRegion { get; set; }

        protected override void ProcessRecord()
        {
            foreach (string name in InstanceProfileName)
            {
                ForEachItem(name, () =>
                {
                    Validate.InstanceProfileName(name);
                    string action = Force ? "Remove its role, then delete instance profile" : "Delete instance profile";
                    if (ShouldProcess(name, action))
                    {
                        Run(token => new ProfileOperations(Context).RemoveAsync(name, Force.IsPresent, SkipUnreadableRegion.IsPresent, token));
                    }
                });
            }
        }
    }
}
