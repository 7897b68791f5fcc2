using System;
using System.Collections.Generic;

namespace InstanceProfileTools.Core.Model
{
    /// <summary>An IAM instance profile. IAM allows at most one role in <see cref="Roles"/>.</summary>
    public sealed record IamInstanceProfile(
        string InstanceProfileName,
        string InstanceProfileId,
        string Arn,
        string Path,
        DateTime CreateDate,
        IReadOnlyList<IamRole> Roles,
        IReadOnlyList<Tag> Tags);
}
