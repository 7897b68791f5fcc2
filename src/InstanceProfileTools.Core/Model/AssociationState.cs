namespace InstanceProfileTools.Core.Model
{
    /// <summary>EC2's IamInstanceProfileAssociationState.</summary>
    public enum AssociationState
    {
        Associating,
        Associated,
        Disassociating,
        Disassociated,
    }
}
