using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core;
using InstanceProfileTools.Core.Moves;
using InstanceProfileTools.Core.Operations;
using InstanceProfileTools.Core.Retry;

namespace InstanceProfileTools.Core.Tests.Support
{
    /// <summary>A fake IAM and EC2 on a fake clock, and engines built over them.</summary>
    internal sealed class RoleChangeWorld : IOperationLog
    {
        public const string OldRole = "old-role";
        public const string NewRole = "new-role";

        public RoleChangeWorld()
        {
            Clock = new FakeClock();
            Iam = new FakeIam(Clock);
            Ec2 = new FakeEc2(Clock);
            Iam.OnProfileCreated = arn => Ec2.KnowProfile(arn, ProfilePropagation);
            OldArn = Iam.AddProfile(OldRole, OldRole);
            Ec2.KnowProfile(OldArn);
        }

        public FakeClock Clock { get; }

        public FakeIam Iam { get; }

        public FakeEc2 Ec2 { get; }

        public string OldArn { get; }

        /// <summary>How long a profile created during the run stays unknown to EC2.</summary>
        public System.TimeSpan ProfilePropagation { get; set; } = System.TimeSpan.FromSeconds(10);

        public ConcurrentQueue<string> Warnings { get; } = new();

        /// <summary>The target profile, existing and known to EC2; answers its ARN.</summary>
        public string AddTarget(string name = NewRole, string role = NewRole)
        {
            string arn = Iam.AddProfile(name, role);
            Ec2.KnowProfile(arn);
            return arn;
        }

        /// <summary>A running (or stopped) instance on the old profile; answers its association id.</summary>
        public string InstanceOnOld(string instanceId, InstanceProfileTools.Core.Model.InstanceState state = InstanceProfileTools.Core.Model.InstanceState.Running)
        {
            Ec2.AddInstance(instanceId, state);
            return Ec2.Attach(instanceId, OldArn);
        }

        /// <summary>A context over the fakes, logging here; EC2 goes through the paced client, which owns its retries, as in production.</summary>
        public OperationContext Context => new(Iam, new InstanceProfileTools.Core.Pacing.PacedEc2Api(Ec2, new InstanceProfileTools.Core.Pacing.Ec2Pacer(Clock), Clock, this), Clock, this, WaitSettings.Default);

        public RoleChangeEngine Engine(RoleChangeOptions? options = null) =>
            new(Context, options ?? new RoleChangeOptions { RoleName = NewRole });

        public Task<RoleChangeResult> ChangeAsync(string instanceId, RoleChangeOptions? options = null) =>
            Engine(options).ChangeAsync(instanceId, CancellationToken.None);

        public int MutatingIamCalls => Iam.Calls.Count(c => !c.StartsWith("Get", System.StringComparison.Ordinal) && !c.StartsWith("List", System.StringComparison.Ordinal));

        public void Verbose(string message)
        {
        }

        public void Warning(string message) => Warnings.Enqueue(message);
    }
}
