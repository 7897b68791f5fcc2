using System;

namespace InstanceProfileTools.Core.Model
{
    /// <summary>An EC2 IAM instance profile association.</summary>
    public sealed record ProfileAssociation(
        string AssociationId,
        string InstanceId,
        string InstanceProfileArn,
        string? InstanceProfileId,
        AssociationState State,
        DateTime? Timestamp);
}
