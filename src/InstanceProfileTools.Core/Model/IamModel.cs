using System;
using System.Collections.Generic;

namespace InstanceProfileTools.Core.Model
{
    /// <summary>An IAM tag, as IAM's Tag shape: a key and a (possibly empty) value.</summary>
    public sealed record Tag(string Key, string Value);

    /// <summary>An IAM role as IAM returns it, embedded in a profile or on its own.</summary>
    public sealed record IamRole(
        string RoleName,
        string RoleId,
        string Arn,
        string Path,
        DateTime CreateDate,
        string? AssumeRolePolicyDocument = null,
        string? Description = null);

    /// <summary>An IAM instance profile. IAM allows at most one role in <see cref="Roles"/>.</summary>
    public sealed record IamInstanceProfile(
        string InstanceProfileName,
        string InstanceProfileId,
        string Arn,
        string Path,
        DateTime CreateDate,
        IReadOnlyList<IamRole> Roles,
        IReadOnlyList<Tag> Tags);

    /// <summary>One page of a paginated list; <see cref="NextToken"/> is null on the last page.</summary>
    public sealed record Page<T>(IReadOnlyList<T> Items, string? NextToken);
}
