using System.Threading;
using System.Threading.Tasks;

namespace InstanceProfileTools.Core.Moves
{
    /// <summary>
    /// Lets one instance at a time try the run's target until EC2 takes it once, then all of them. A profile just
    /// created is unknown to EC2 for seconds (IAM's propagation): one instance waits it out with its retries while
    /// the others wait here, instead of each spending the account's Associate and Replace tokens on refusals.
    /// </summary>
    internal sealed class FirstSuccessGate
    {
        private readonly SemaphoreSlim _one = new(1, 1);
        private volatile bool _open;
        private volatile InstanceProfileToolsException? _refusal;

        public FirstSuccessGate(string targetArn)
        {
            TargetArn = targetArn;
        }

        /// <summary>The profile the gate is for; moves elsewhere (rollbacks) pass freely.</summary>
        public string TargetArn { get; }

        public bool IsOpen => _open;

        /// <summary>Waits for the turn; false when the gate is open and no turn is needed.</summary>
        public async Task<bool> EnterAsync(CancellationToken cancellationToken)
        {
            if (_open)
            {
                return false;
            }

            await _one.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (_open)
            {
                _one.Release();
                return false;
            }

            if (_refusal is { } refusal)
            {
                _one.Release();
                throw new RefusedAtGateException(refusal);
            }

            return true;
        }

        /// <summary>EC2 took the target: everyone may go.</summary>
        public void Open() => _open = true;

        /// <summary>
        /// EC2 refused the target in a way every instance would meet (the caller may not pass its role): the turn
        /// ends, and everyone still waiting gives up before any call.
        /// </summary>
        public void Refuse(InstanceProfileToolsException refusal)
        {
            _refusal = refusal;
            Leave();
        }

        /// <summary>Ends a turn, taken or given up.</summary>
        public void Leave() => _one.Release();
    }
}
