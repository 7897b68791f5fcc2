namespace InstanceProfileTools.Core.Moves
{
    /// <summary>
    /// A move that gave up at the <see cref="FirstSuccessGate"/> before any call, because the instance that held it met
    /// a refusal every instance would meet; the runner reports it as never started.
    /// </summary>
    internal sealed class RefusedAtGateException : InstanceProfileToolsException
    {
        public RefusedAtGateException(InstanceProfileToolsException refusal)
            : base(ErrorIds.RoleChangeStopped, FailureKind.OperationStopped, null, $"Not started: another instance was refused first ({refusal.ErrorId}).", refusal)
        {
        }
    }
}
