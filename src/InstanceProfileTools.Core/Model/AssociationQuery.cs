using System;
using System.Collections.Generic;

namespace InstanceProfileTools.Core.Model
{
    /// <summary>What DescribeIamInstanceProfileAssociations is asked for; empty lists mean no filter.</summary>
    public sealed record AssociationQuery(
        IReadOnlyList<string> AssociationIds,
        IReadOnlyList<string> InstanceIds,
        IReadOnlyList<AssociationState> States)
    {
        public static AssociationQuery ForInstance(string instanceId) =>
            new(Array.Empty<string>(), new[] { instanceId }, Array.Empty<AssociationState>());
    }
}
