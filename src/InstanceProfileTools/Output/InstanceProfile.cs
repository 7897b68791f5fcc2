using System;
using System.Collections;

namespace InstanceProfileTools
{
    /// <summary>An IAM instance profile as the cmdlets output it.</summary>
    public sealed class InstanceProfile
    {
        /// <summary>The profile's name; other cmdlets bind it from the pipeline.</summary>
        public string InstanceProfileName { get; set; } = string.Empty;

        /// <summary>IAM's unique id (AIPA...).</summary>
        public string InstanceProfileId { get; set; } = string.Empty;

        /// <summary>The profile's ARN.</summary>
        public string Arn { get; set; } = string.Empty;

        /// <summary>The profile's path, '/' by default.</summary>
        public string Path { get; set; } = "/";

        /// <summary>When IAM created the profile (UTC).</summary>
        public DateTime CreateDate { get; set; }

        /// <summary>The name of the one role the profile holds, or null.</summary>
        public string? RoleName { get; set; }

        /// <summary>The role the profile holds, or null.</summary>
        public InstanceProfileRole? Role { get; set; }

        /// <summary>The profile's tags, key to value (empty when IAM answered none).</summary>
        public Hashtable Tags { get; set; } = new Hashtable();

        /// <summary>
        /// The regions Get-InstanceProfile -Unused read and found no instance using the profile in; null from every
        /// other command.
        /// </summary>
        public string[]? UnusedInRegions { get; set; }

        /// <summary>The ARN, under the name other cmdlets bind it by.</summary>
        public string InstanceProfileArn => Arn;

        public override string ToString() => InstanceProfileName;
    }
}
