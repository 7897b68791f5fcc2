using System;
using System.Collections.Generic;

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

    /// <summary>An EC2 IAM instance profile association.</summary>
    public sealed record ProfileAssociation(
        string AssociationId,
        string InstanceId,
        string InstanceProfileArn,
        string? InstanceProfileId,
        AssociationState State,
        DateTime? Timestamp);

    /// <summary>A reference to an instance profile as EC2 takes it: by name or by ARN (exactly one).</summary>
    public sealed record ProfileReference(string? Name, string? Arn)
    {
        public static ProfileReference ByName(string name) => new(name, null);

        public static ProfileReference ByArn(string arn) => new(null, arn);

        public override string ToString() => Arn ?? Name ?? string.Empty;
    }

    /// <summary>What DescribeIamInstanceProfileAssociations is asked for; empty lists mean no filter.</summary>
    public sealed record AssociationQuery(
        IReadOnlyList<string> AssociationIds,
        IReadOnlyList<string> InstanceIds,
        IReadOnlyList<AssociationState> States)
    {
        public static AssociationQuery ForInstance(string instanceId) =>
            new(Array.Empty<string>(), new[] { instanceId }, Array.Empty<AssociationState>());
    }

    /// <summary>EC2 instance state names (the ones that matter for associations).</summary>
    public enum InstanceState
    {
        Pending,
        Running,
        ShuttingDown,
        Terminated,
        Stopping,
        Stopped,
    }
}
