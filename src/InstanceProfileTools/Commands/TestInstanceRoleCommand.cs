using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using InstanceProfileTools.Completers;
using InstanceProfileTools.Core;
using InstanceProfileTools.Core.Moves;
using InstanceProfileTools.Core.Preflight;
using InstanceProfileTools.Core.Validation;

namespace InstanceProfileTools.Commands
{
    /// <summary>
    /// Test-InstanceRole: Set-InstanceRole's preflight as objects, changing nothing, for a runbook to decide on: the
    /// role's trust, instances stopped or mid-association, and the launch templates, groups and stacks that would
    /// launch the old role again. No finding means none of these stands in the way.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "InstanceRole", DefaultParameterSetName = ByRoleSet)]
    [OutputType(typeof(RoleChangeFinding))]
    public sealed class TestInstanceRoleCommand : PropagatingCmdletBase
    {
        private const string ByRoleSet = "ByRole";
        private const string ByProfileSet = "ByInstanceProfile";

        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
        private readonly List<string> _instanceIds = new();

        /// <summary>The instances the change would move; strings, or objects with an InstanceId property, from the pipeline.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(InstanceIdCompleter))]
        public string[] InstanceId { get; set; } = Array.Empty<string>();

        /// <summary>The role the instances would run with.</summary>
        [Parameter(ParameterSetName = ByRoleSet, Mandatory = true, Position = 1)]
        [ArgumentCompleter(typeof(RoleNameCompleter))]
        public string? RoleName { get; set; }

        /// <summary>The existing instance profile the instances would run with.</summary>
        [Parameter(ParameterSetName = ByProfileSet, Mandatory = true)]
        [ArgumentCompleter(typeof(InstanceProfileNameCompleter))]
        public string? InstanceProfileName { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            ValidateParameter(() => Validate.RoleOrProfile(RoleName, InstanceProfileName));
        }

        protected override void ProcessRecord()
        {
            foreach (string instanceId in InstanceId)
            {
                ForEachItem(instanceId, () =>
                {
                    Validate.InstanceId(instanceId);
                    if (_seen.Add(instanceId)) _instanceIds.Add(instanceId);
                });
            }
        }

        protected override void EndProcessing()
        {
            if (_instanceIds.Count == 0)
            {
                return;
            }

            // The trust is read as a finding, not as the refusal finding the target would throw.
            var options = new RoleChangeOptions { RoleName = RoleName, InstanceProfileName = InstanceProfileName, SkipTrustCheck = true, PropagationTimeout = TimeSpan.FromSeconds(PropagationTimeout) };
            IReadOnlyList<Finding> findings = Array.Empty<Finding>();
            try
            {
                findings = Run(token => RolePreflight.FindAsync(Context, new RoleChangeEngine(Context, options), options, _instanceIds, token));
            }
            catch (InstanceProfileToolsException failure)
            {
                // No role or profile to test against: nothing else can be said.
                ThrowTerminatingError(ToErrorRecord(failure, (object?)RoleName ?? InstanceProfileName));
            }

            foreach (Finding finding in findings)
            {
                WriteObject(new RoleChangeFinding
                {
                    Kind = finding.Kind.ToString(),
                    Subject = finding.Subject,
                    InstanceId = finding.InstanceIds.ToArray(),
                    Blocks = finding.Blocks,
                    Message = finding.Message,
                });
            }
        }
    }
}
