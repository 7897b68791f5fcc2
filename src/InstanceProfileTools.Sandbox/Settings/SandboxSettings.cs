using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace InstanceProfileTools.Sandbox.Settings
{
    /// <summary>The run-time knobs: eventual consistency and faults. Read and changed at /_sandbox/settings.</summary>
    public sealed class SandboxSettings
    {
        /// <summary>The JSON form used on the admin endpoint and in --settings: camelCase, nulls written.</summary>
        public static readonly JsonSerializerOptions JsonOptions = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            WriteIndented = false,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        };

        /// <summary>Eventual-consistency delays.</summary>
        public ConsistencySettings Consistency { get; set; } = new ConsistencySettings();

        /// <summary>Injected faults.</summary>
        public FaultSettings Faults { get; set; } = new FaultSettings();

        /// <summary>
        /// Roles that "work" on the wire but that the instance view reports broken: instances whose credentials
        /// come from one answer Healthy: false, so a health check written against the sandbox fails.
        /// </summary>
        public List<string> BrokenRoles { get; set; } = new List<string>();

        /// <summary>What callers may not do (iam:PassRole, sts:DecodeAuthorizationMessage); nothing is refused by default.</summary>
        public PermissionSettings Permissions { get; set; } = new PermissionSettings();

        /// <summary>A deep copy (through JSON, so rules and match tables are copied too).</summary>
        public SandboxSettings Clone() =>
            JsonSerializer.Deserialize<SandboxSettings>(JsonSerializer.Serialize(this, JsonOptions), JsonOptions)!;
    }
}
