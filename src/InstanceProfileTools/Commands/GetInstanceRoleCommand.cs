using System;
using System.Collections.Generic;
using System.Management.Automation;
using InstanceProfileTools.Core;
using InstanceProfileTools.Core.Operations;
using InstanceProfileTools.Core.Ec2;
using InstanceProfileTools.Core.Validation;

namespace InstanceProfileTools.Commands
{
    /// <summary>
    /// Get-InstanceRole: per instance, its association, instance profile and role, in one object. Ids from the
    /// pipeline are read 200 a call; an unknown or malformed id fails alone.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "InstanceRole")]
    [OutputType(typeof(InstanceRole))]
    public sealed class GetInstanceRoleCommand : InstanceProfileCmdletBase
    {
        private readonly List<string> _pending = new();

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
                    _pending.Add(instanceId);
                });
                if (_pending.Count == AssociationReader.MaxIdsPerCall)
                {
                    Flush();
                }
            }
        }

        protected override void EndProcessing() => Flush();

        private void Flush()
        {
            if (_pending.Count == 0)
            {
                return;
            }

            string[] batch = _pending.ToArray();
            _pending.Clear();
            IReadOnlyList<ItemResult<InstanceRoleInfo>>? roles = null;
            ForEachItem(batch[0], () => roles = Run(token => new AssociationOperations(Context).GetInstanceRolesAsync(batch, token)));
            for (int i = 0; roles is not null && i < batch.Length; i++)
            {
                ItemResult<InstanceRoleInfo> role = roles[i];
                if (role.Error is InstanceProfileToolsException error)
                {
                    WriteError(ToErrorRecord(error, batch[i]));
                    continue;
                }

                InstanceRoleInfo info = role.Value;
                WriteObject(OutputMapper.ToInstanceRole(info.InstanceId, info.Association, info.Profile));
            }
        }
    }
}
