using System;
using InstanceProfileTools.Core.Estate;
using InstanceProfileTools.Core.Ports;
using InstanceProfileTools.Core.Retry;

namespace InstanceProfileTools.Core.Operations
{
    /// <summary>What every operation needs: the two services, the clock, the log and the wait settings.</summary>
    public sealed class OperationContext
    {
        public OperationContext(IIamApi iam, IEc2Api ec2, IClock clock, IOperationLog log, WaitSettings waits, string? region = null)
        {
            Region = region;
            Iam = iam ?? throw new ArgumentNullException(nameof(iam));
            Ec2 = ec2 ?? throw new ArgumentNullException(nameof(ec2));
            Clock = clock ?? throw new ArgumentNullException(nameof(clock));
            Log = log ?? throw new ArgumentNullException(nameof(log));
            Waits = waits ?? throw new ArgumentNullException(nameof(waits));
            Regions = new RegionalEc2(Ec2, region);
        }

        public IIamApi Iam { get; }

        public IEc2Api Ec2 { get; }

        public IClock Clock { get; }

        public IOperationLog Log { get; }

        public WaitSettings Waits { get; }

        /// <summary>
        /// EC2 in every region of the account, for the guards that must see them all; by default a view of
        /// <see cref="Ec2"/>'s region alone.
        /// </summary>
        public RegionalEc2 Regions { get; init; }

        /// <summary>The region EC2 is called in, when it was configured (journals record it).</summary>
        public string? Region { get; }

        /// <summary>The shared propagation retry, with this context's backoff.</summary>
        public PropagationRetry NewPropagationRetry() => new(Clock, Log, Waits.NewBackoff());

        /// <summary>The shared poller, at this context's interval.</summary>
        public Poller NewPoller() => new(Clock, Log, Waits.PollInterval);
    }
}
