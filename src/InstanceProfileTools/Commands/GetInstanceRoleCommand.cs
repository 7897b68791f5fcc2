using System;
using System.Management.Automation;
using InstanceProfileTools.Core.Operations;
using InstanceProfileTools.Core.Validation;

namespace InstanceProfileTools.Commands
{
    /// <summary>Get-InstanceRole: per instance, its association, instance profile and role, in one object.</summary>
    [Cmdlet(VerbsCommon.Get, "InstanceRole")]
    [OutputType(typeof(InstanceRole))]
    public sealed class GetInstanceRoleCommand : InstanceProfileCmdletBase
    {
        /// <summary>The instances to look at.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completers.InstanceIdCompleter))]
        public string[] InstanceId { get; set; } = Array.Empty<string>();

        protected override void ProcessRecord()
        {
            foreach (string instanceId in InstanceId)
            {
                ForEachItem(instanceId, () =>
                {
                    Validate.InstanceId(instanceId);
                    InstanceRoleInfo info = Run(token => new AssociationOperations(Context).GetInstanceRoleAsync(instanceId, token));
                    WriteObject(OutputMapper.ToInstanceRole(info.InstanceId, info.Association, info.Profile));
                });
            }
        }
    }
}
