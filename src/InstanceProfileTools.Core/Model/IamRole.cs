using System;

namespace InstanceProfileTools.Core.Model
{
    /// <summary>An IAM role as IAM returns it, embedded in a profile or on its own.</summary>
    public sealed record IamRole(
        string RoleName,
        string RoleId,
        string Arn,
        string Path,
        DateTime CreateDate,
        string? AssumeRolePolicyDocument = null,
        string? Description = null);
}
