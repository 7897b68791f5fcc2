namespace InstanceProfileTools.Core.RoleChange
{
    /// <summary>
    /// Put one instance back on the profile it had: an undo from a journal, or the rollback of a failed wave.
    /// </summary>
    /// <param name="InstanceId">The instance.</param>
    /// <param name="InstanceProfileArn">The profile it had; null when it had none.</param>
    /// <param name="RoleName">The role that profile held, when known.</param>
    /// <param name="ExpectedAssociationId">
    /// The association the change left it with: any other means someone changed it since, and it is left alone
    /// unless <paramref name="Force"/>.
    /// </param>
    /// <param name="Force">Put it back even if someone changed it since.</param>
    /// <param name="AllowDisassociate">Leave it without a profile when it had none (which takes its credentials away).</param>
    public sealed record RestoreRequest(
        string InstanceId, string? InstanceProfileArn, string? RoleName, string? ExpectedAssociationId, bool Force = false, bool AllowDisassociate = false)
    {
        /// <summary>How the instance <paramref name="snapshot"/> shows would be put back; None when it is back already.</summary>
        public RoleChangeMethod MethodFor(InstanceSnapshot snapshot)
        {
            if (InstanceProfileArn is null)
            {
                return snapshot.Current is null ? RoleChangeMethod.None : RoleChangeMethod.Disassociate;
            }

            return snapshot.MethodFor(InstanceProfileArn);
        }
    }
}
