using System.Collections.Generic;
using System.Linq;

namespace InstanceProfileTools.Sandbox.State
{
    /// <summary>
    /// The launch parameters of a template version that the sandbox keeps: the image, the instance type, the instance
    /// profile and the tag specifications. Other members a client sends are accepted and not kept.
    /// </summary>
    public sealed class LaunchTemplateDataEntity
    {
        /// <summary>ImageId, or null.</summary>
        public string? ImageId { get; set; }

        /// <summary>InstanceType, or null.</summary>
        public string? InstanceType { get; set; }

        /// <summary>IamInstanceProfile.Arn, or null.</summary>
        public string? IamInstanceProfileArn { get; set; }

        /// <summary>IamInstanceProfile.Name, or null.</summary>
        public string? IamInstanceProfileName { get; set; }

        /// <summary>TagSpecification.N: the tags of the resources launched, per resource type; null when none were given.</summary>
        public List<TagSpecificationEntity>? TagSpecifications { get; set; }

        /// <summary>Whether it names an instance profile.</summary>
        public bool HasInstanceProfile => IamInstanceProfileArn != null || IamInstanceProfileName != null;

        /// <summary>
        /// This data with <paramref name="overrides"/> on top, as CreateLaunchTemplateVersion builds a version from its
        /// SourceVersion: each member given replaces the source's (the instance profile and the tag specifications as a
        /// whole), the others are the source's.
        /// </summary>
        public LaunchTemplateDataEntity MergedWith(LaunchTemplateDataEntity overrides) => new LaunchTemplateDataEntity
        {
            ImageId = overrides.ImageId ?? ImageId,
            InstanceType = overrides.InstanceType ?? InstanceType,
            IamInstanceProfileArn = overrides.HasInstanceProfile ? overrides.IamInstanceProfileArn : IamInstanceProfileArn,
            IamInstanceProfileName = overrides.HasInstanceProfile ? overrides.IamInstanceProfileName : IamInstanceProfileName,
            TagSpecifications = overrides.TagSpecifications ?? TagSpecifications?.Select(s => new TagSpecificationEntity
            {
                ResourceType = s.ResourceType,
                Tags = s.Tags.Select(t => new TagEntity { Key = t.Key, Value = t.Value }).ToList(),
            }).ToList(),
        };
    }
}
