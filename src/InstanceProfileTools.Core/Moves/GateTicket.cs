using System;
using System.Threading;
using System.Threading.Tasks;

namespace InstanceProfileTools.Core.Moves
{
    /// <summary>One move's turn at a <see cref="FirstSuccessGate"/>: taken before its first call to the target, given back when the move ends.</summary>
    internal sealed class GateTicket : IDisposable
    {
        private readonly FirstSuccessGate? _gate;
        private bool _held;

        public GateTicket(FirstSuccessGate? gate)
        {
            _gate = gate;
        }

        public async Task EnterAsync(string? arn, CancellationToken cancellationToken)
        {
            if (_gate is null || _held || !RoleChangeCalls.SameProfile(arn, _gate.TargetArn))
            {
                return;
            }

            _held = await _gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        }

        /// <summary>EC2 took <paramref name="arn"/>; when it is the gate's target, the gate opens.</summary>
        public void Succeeded(string? arn)
        {
            if (_gate is not null && RoleChangeCalls.SameProfile(arn, _gate.TargetArn))
            {
                // Open, and give the turn back at once: the others must not wait for this instance's association.
                _gate.Open();
                Dispose();
            }
        }

        /// <summary>The move met a refusal every instance would meet: the others waiting give up.</summary>
        public void Refused(InstanceProfileToolsException refusal)
        {
            if (_held)
            {
                _held = false;
                _gate!.Refuse(refusal);
            }
        }

        public void Dispose()
        {
            if (_held)
            {
                _held = false;
                _gate!.Leave();
            }
        }
    }
}
