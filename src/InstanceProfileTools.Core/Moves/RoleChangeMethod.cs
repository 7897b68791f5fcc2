namespace InstanceProfileTools.Core.Moves
{
    /// <summary>How an instance was moved to its target instance profile.</summary>
    public enum RoleChangeMethod
    {
        /// <summary>Nothing was called: the instance already ran with the target profile.</summary>
        None,

        /// <summary>ReplaceIamInstanceProfileAssociation: the instance never lacked credentials.</summary>
        Replace,

        /// <summary>AssociateIamInstanceProfile: the instance had no profile.</summary>
        Associate,

        /// <summary>
        /// A stopped instance, where EC2 refuses Replace: disassociated, then associated. No process runs on a
        /// stopped instance, so none misses its credentials in between.
        /// </summary>
        DisassociateAssociate,

        /// <summary>DisassociateIamInstanceProfile: put back an instance that had no profile (an undo, with -Force).</summary>
        Disassociate,
    }
}
