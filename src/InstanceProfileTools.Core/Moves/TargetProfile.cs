namespace InstanceProfileTools.Core.Moves
{
    /// <summary>The instance profile a run moves instances to, resolved once per run.</summary>
    /// <param name="Name">The profile's name.</param>
    /// <param name="Arn">The profile's ARN, which EC2 is given and which verification compares.</param>
    /// <param name="RoleName">The one role the profile holds.</param>
    /// <param name="Created">True when this run created the profile.</param>
    public sealed record TargetProfile(string Name, string Arn, string RoleName, bool Created)
    {
        /// <summary>The profile a run would create for <paramref name="roleName"/> (named after it), before it exists: no ARN yet.</summary>
        public static TargetProfile Planned(string roleName) => new(roleName, string.Empty, roleName, Created: true);
    }
}
