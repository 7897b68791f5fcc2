using System;
using System.Management.Automation;
using InstanceProfileTools.Completers;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Operations;
using InstanceProfileTools.Core.Validation;

namespace InstanceProfileTools.Commands
{
    /// <summary>
    /// Wait-InstanceProfile: polls GetInstanceProfile (the InstanceProfileExists waiter) until the profile exists
    /// and, with -RoleName, holds that role, on several reads in a row; writes the profile.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Wait, "InstanceProfile")]
    [OutputType(typeof(InstanceProfile))]
    public sealed class WaitInstanceProfileCommand : InstanceProfileCmdletBase
    {
        /// <summary>The profile to wait for.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [ArgumentCompleter(typeof(InstanceProfileNameCompleter))]
        public string InstanceProfileName { get; set; } = string.Empty;

        /// <summary>Wait until the profile holds this role, too.</summary>
        [Parameter(Position = 1)]
        [ArgumentCompleter(typeof(RoleNameCompleter))]
        public string? RoleName { get; set; }

        /// <summary>Seconds to wait.</summary>
        [Parameter]
        [ValidateRange(1, Defaults.MaxTimeoutSeconds)]
        public int Timeout { get; set; } = Defaults.WaitTimeoutSeconds;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (RoleName is not null)
            {
                ValidateParameter(() => Validate.RoleName(RoleName));
            }
        }

        protected override void ProcessRecord()
        {
            ForEachItem(InstanceProfileName, () =>
            {
                Validate.InstanceProfileName(InstanceProfileName);
                IamInstanceProfile profile = Run(token => new ProfileOperations(Context).WaitAsync(
                    InstanceProfileName, RoleName, TimeSpan.FromSeconds(Timeout), token));
                WriteObject(OutputMapper.ToInstanceProfile(profile));
            });
        }
    }
}
