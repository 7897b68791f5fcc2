using System;

namespace InstanceProfileTools
{
    /// <summary>The IAM role inside an instance profile.</summary>
    public sealed class InstanceProfileRole
    {
        public string RoleName { get; set; } = string.Empty;

        /// <summary>IAM's unique id (AROA...).</summary>
        public string RoleId { get; set; } = string.Empty;

        public string Arn { get; set; } = string.Empty;

        public string Path { get; set; } = "/";

        public DateTime CreateDate { get; set; }

        public override string ToString() => RoleName;
    }
}
