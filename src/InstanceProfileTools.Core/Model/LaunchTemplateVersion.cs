namespace InstanceProfileTools.Core.Model
{
    /// <summary>One version of an EC2 launch template, as far as the role of the instances it launches goes.</summary>
    /// <param name="InstanceProfileArn">The profile the version names by ARN; null when it names one by name, or none.</param>
    /// <param name="InstanceProfileName">The profile the version names by name; null when by ARN, or none.</param>
    public sealed record LaunchTemplateVersion(
        string LaunchTemplateId, string? LaunchTemplateName, long VersionNumber, bool IsDefault, string? InstanceProfileArn, string? InstanceProfileName)
    {
        /// <summary>The profile as the version names it (ARN or name), or null when its instances get none.</summary>
        public string? InstanceProfile => InstanceProfileArn ?? InstanceProfileName;

        /// <summary>The template as messages name it: its id, and its name when known.</summary>
        public string Describe() => LaunchTemplateName is null ? LaunchTemplateId : $"{LaunchTemplateId} ({LaunchTemplateName})";
    }
}
