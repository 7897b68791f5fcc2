using System;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.Estate;
using InstanceProfileTools.Core.Ports;

namespace InstanceProfileTools.Core.Connection
{
    /// <summary>The IAM and EC2 ports over AWS, and the SDK clients behind them (disposed with this).</summary>
    public sealed class AwsClients : IDisposable
    {
        private readonly IDisposable[] _owned;
        private readonly Func<CancellationToken, Task<string>> _accountOf;
        private readonly object _accountLock = new();
        private Task<string>? _account;

        internal AwsClients(IIamApi iam, IEc2Api ec2, string? region, RegionalEc2 regions, Func<CancellationToken, Task<string>> accountOf, params IDisposable[] owned)
        {
            _accountOf = accountOf;
            Regions = regions;
            Iam = iam;
            Ec2 = ec2;
            Region = region;
            _owned = owned;
        }

        public IIamApi Iam { get; }

        /// <summary>EC2's region, when one was configured.</summary>
        public string? Region { get; }

        /// <summary>EC2; its SDK client is built on first use, so a command that only calls IAM needs no region.</summary>
        public IEc2Api Ec2 { get; }

        /// <summary>EC2 in every region of the account, each region with its own client and pacer.</summary>
        public RegionalEc2 Regions { get; }

        /// <summary>The account the credentials act in (STS GetCallerIdentity), asked once; a failure is asked again.</summary>
        public Task<string> AccountIdAsync(CancellationToken cancellationToken)
        {
            lock (_accountLock)
            {
                if (_account is null || _account.IsFaulted || _account.IsCanceled) _account = _accountOf(cancellationToken);
                return _account;
            }
        }

        public void Dispose()
        {
            foreach (IDisposable owned in _owned)
            {
                owned.Dispose();
            }
        }
    }
}
