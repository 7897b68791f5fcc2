using System;

namespace InstanceProfileTools.Sandbox.State
{
    /// <summary>One version of a launch template: immutable once made (EVIDENCE row 29).</summary>
    public sealed class LaunchTemplateVersionEntity
    {
        /// <summary>1 for the first, then one more than the latest.</summary>
        public long VersionNumber { get; set; }

        /// <summary>The optional VersionDescription.</summary>
        public string? VersionDescription { get; set; }

        /// <summary>When it was made.</summary>
        public DateTimeOffset CreateTime { get; set; }

        /// <summary>The ARN of the caller who made it.</summary>
        public string CreatedBy { get; set; } = "";

        /// <summary>The ClientToken it was made with, if any: the same token again answers this version.</summary>
        public string? ClientToken { get; set; }

        /// <summary>Its launch parameters.</summary>
        public LaunchTemplateDataEntity Data { get; set; } = new LaunchTemplateDataEntity();
    }
}
