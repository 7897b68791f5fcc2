using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Serialization;

namespace InstanceProfileTools.Sandbox.State
{
    /// <summary>An EC2 launch template: per account and region, like instances, with its versions.</summary>
    public sealed class LaunchTemplateEntity
    {
        /// <summary>The lt-... id.</summary>
        public string LaunchTemplateId { get; set; } = "";

        /// <summary>The name, unique in its account and region.</summary>
        public string LaunchTemplateName { get; set; } = "";

        /// <summary>When it was made.</summary>
        public DateTimeOffset CreateTime { get; set; }

        /// <summary>The ARN of the caller who made it.</summary>
        public string CreatedBy { get; set; } = "";

        /// <summary>The version launches use when they name none, or $Default.</summary>
        public long DefaultVersionNumber { get; set; } = 1;

        /// <summary>Order of creation, for stable listing.</summary>
        public long Sequence { get; set; }

        /// <summary>The template's own tags (TagSpecification with resource type launch-template).</summary>
        public List<TagEntity> Tags { get; set; } = new List<TagEntity>();

        /// <summary>Its versions, oldest first.</summary>
        public List<LaunchTemplateVersionEntity> Versions { get; set; } = new List<LaunchTemplateVersionEntity>();

        /// <summary>The newest version's number.</summary>
        [JsonIgnore]
        public long LatestVersionNumber => Versions.Count == 0 ? 0 : Versions.Max(v => v.VersionNumber);

        /// <summary>The version of this number, or null.</summary>
        public LaunchTemplateVersionEntity? Version(long number) => Versions.FirstOrDefault(v => v.VersionNumber == number);
    }
}
