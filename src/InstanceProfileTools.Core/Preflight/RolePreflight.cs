using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.Fleet;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Moves;
using InstanceProfileTools.Core.Operations;

namespace InstanceProfileTools.Core.Preflight
{
    /// <summary>
    /// What Set-InstanceRole would meet, as findings, with reads only: the role's trust, each instance that is stopped
    /// or mid-association, and the templates, groups and stacks that would launch the old role again. Whether the
    /// caller may pass the role is not among them: no call tells without making the change (the run stops at the first
    /// PassRoleDenied instead).
    /// </summary>
    public static class RolePreflight
    {
        public static async Task<IReadOnlyList<Finding>> FindAsync(
            OperationContext context, RoleChangeEngine engine, RoleChangeOptions options, IReadOnlyCollection<string> instanceIds, CancellationToken cancellationToken)
        {
            if (context is null) throw new ArgumentNullException(nameof(context));
            if (engine is null) throw new ArgumentNullException(nameof(engine));
            if (options is null) throw new ArgumentNullException(nameof(options));
            var findings = new List<Finding>();

            // The profile the run would use, or (null) the one it would create, named after the role.
            TargetProfile target = await engine.FindTargetAsync(cancellationToken).ConfigureAwait(false)
                ?? TargetProfile.Planned(options.RoleName!);
            TrustVerdict trust = await TrustCheck.ReadAsync(context, target.RoleName, options.PropagationTimeout, cancellationToken).ConfigureAwait(false);
            if (trust.Outcome != TrustOutcome.Allowed)
            {
                findings.Add(new Finding(trust.RefusesEc2 ? FindingKind.RoleNotAssumable : FindingKind.TrustConditional, target.RoleName, instanceIds.ToList(),
                    TrustRefusal.For(target.RoleName, trust).Message) { Blocks = trust.RefusesEc2 });
            }

            IReadOnlyDictionary<string, InstanceSnapshot> snapshots = await engine.SnapshotAsync(instanceIds, target.Arn, cancellationToken).ConfigureAwait(false);
            foreach (InstanceSnapshot snapshot in instanceIds.Select(id => snapshots[id]))
            {
                if (snapshot.IsSettling)
                {
                    findings.Add(new Finding(FindingKind.MidAssociation, snapshot.InstanceId, new[] { snapshot.InstanceId },
                        $"Instance {snapshot.InstanceId} has an association on its way in or out: the change waits for it to settle first (up to -Timeout)."));
                }

                if (snapshot.State == InstanceState.Stopped)
                {
                    findings.Add(new Finding(FindingKind.Stopped, snapshot.InstanceId, new[] { snapshot.InstanceId },
                        $"Instance {snapshot.InstanceId} is stopped: EC2 replaces only a running instance's association, so it is moved by disassociate " +
                        "then associate, and is without a profile between the two calls (it runs nothing meanwhile)."));
                }
            }

            IReadOnlyList<FleetManager> managers = await FleetManagers.ReadAsync(context.Ec2, instanceIds, cancellationToken).ConfigureAwait(false);
            findings.AddRange(FleetFindings.For(managers, target));
            return findings;
        }
    }
}
