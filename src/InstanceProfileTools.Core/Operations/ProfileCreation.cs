using System.Collections.Generic;
using InstanceProfileTools.Core.Model;

namespace InstanceProfileTools.Core.Operations
{
    /// <summary>The instance profile to create: its name and, optionally, path, tags and role.</summary>
    public sealed record ProfileCreation(string Name)
    {
        /// <summary>The IAM path; IAM's '/' when null.</summary>
        public string? Path { get; init; }

        public IReadOnlyList<Tag>? Tags { get; init; }

        /// <summary>The role to add once the profile exists.</summary>
        public string? RoleName { get; init; }

        /// <summary>Add the role even if its trust policy keeps EC2 out (see <see cref="Preflight.TrustCheck"/>).</summary>
        public bool SkipTrustCheck { get; init; }
    }
}
