using System.Collections.Concurrent;
using InstanceProfileTools.Core.Operations;
using InstanceProfileTools.Core.Tests.RoleChange;

namespace InstanceProfileTools.Core.Tests.Operations
{
    /// <summary>
    /// IAM and EC2 in memory on a fake clock (the role-change specs' fakes, reused), and an operation context over
    /// them with the default waits: retries and polls take no wall time.
    /// </summary>
    internal sealed class OperationsWorld : IOperationLog
    {
        public OperationsWorld()
        {
            Clock = new FakeClock();
            Iam = new FakeIam(Clock);
            Ec2 = new FakeEc2(Clock) { AssociatingTime = System.TimeSpan.FromSeconds(3) };
            Iam.OnProfileCreated = arn => Ec2.KnowProfile(arn);
            Context = new OperationContext(Iam, Ec2, Clock, this, WaitSettings.Default);
        }

        public FakeClock Clock { get; }

        public FakeIam Iam { get; }

        public FakeEc2 Ec2 { get; }

        public OperationContext Context { get; }

        public ConcurrentQueue<string> Warnings { get; } = new();

        public void Verbose(string message)
        {
        }

        public void Warning(string message) => Warnings.Enqueue(message);
    }
}
