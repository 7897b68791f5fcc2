using System;
using System.Collections.Generic;

namespace InstanceProfileTools.Sandbox.State
{
    /// <summary>An IAM role as stored.</summary>
    public sealed class RoleEntity
    {
        /// <summary>The role name (unique, compared without case as IAM does).</summary>
        public string RoleName { get; set; } = "";

        /// <summary>The path, "/" by default.</summary>
        public string Path { get; set; } = "/";

        /// <summary>The AROA... id.</summary>
        public string RoleId { get; set; } = "";

        /// <summary>The role ARN.</summary>
        public string Arn { get; set; } = "";

        /// <summary>When it was created.</summary>
        public DateTimeOffset CreateDate { get; set; }

        /// <summary>Until this moment AddRoleToInstanceProfile does not see the role (rolePropagationMs).</summary>
        public DateTimeOffset VisibleAt { get; set; }

        /// <summary>The trust policy as given (decoded).</summary>
        public string AssumeRolePolicyDocument { get; set; } = "";

        /// <summary>The optional description.</summary>
        public string? Description { get; set; }

        /// <summary>The maximum session duration in seconds.</summary>
        public int MaxSessionDuration { get; set; } = 3600;

        /// <summary>The role's tags.</summary>
        public List<TagEntity> Tags { get; set; } = new List<TagEntity>();
    }
}
