using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace InstanceProfileTools.Sandbox.Settings
{
    /// <summary>
    /// Applies a partial JSON document to settings: named members replace theirs, others stay. Unknown names and
    /// out-of-range values are refused as a whole, so a typo never silently leaves a knob at its old value.
    /// </summary>
    public static class SettingsMerger
    {
        /// <summary>The settings with <paramref name="patchJson"/> applied; throws <see cref="SettingsException"/>.</summary>
        public static SandboxSettings Merge(SandboxSettings current, string patchJson)
        {
            JsonNode? patch;
            try
            {
                patch = JsonNode.Parse(patchJson);
            }
            catch (JsonException ex)
            {
                throw new SettingsException("The settings are not valid JSON: " + ex.Message);
            }

            if (patch is not JsonObject patchObject)
            {
                throw new SettingsException("The settings must be a JSON object.");
            }

            JsonObject merged = JsonSerializer.SerializeToNode(current, SandboxSettings.JsonOptions)!.AsObject();
            var unknown = new List<string>();
            MergeInto(merged, patchObject, "", unknown);
            if (unknown.Count > 0)
            {
                throw new SettingsException("Unknown settings: " + string.Join(", ", unknown) + ".");
            }

            SandboxSettings result;
            try
            {
                result = merged.Deserialize<SandboxSettings>(SandboxSettings.JsonOptions)!;
            }
            catch (JsonException ex)
            {
                throw new SettingsException("A setting has a value of the wrong type: " + ex.Message);
            }

            Validate(result);
            return result;
        }

        /// <summary>Refuses values no knob can take.</summary>
        public static void Validate(SandboxSettings settings)
        {
            var problems = new List<string>();
            ConsistencySettings c = settings.Consistency;
            NotNegative(problems, "consistency.profilePropagationMs", c.ProfilePropagationMs);
            NotNegative(problems, "consistency.roleOnProfilePropagationMs", c.RoleOnProfilePropagationMs);
            NotNegative(problems, "consistency.rolePropagationMs", c.RolePropagationMs);
            NotNegative(problems, "consistency.associatingMs", c.AssociatingMs);
            NotNegative(problems, "consistency.disassociatingMs", c.DisassociatingMs);
            NotNegative(problems, "consistency.instancePendingMs", c.InstancePendingMs);
            NotNegative(problems, "consistency.credentialRefreshMs", c.CredentialRefreshMs);
            if (settings.BrokenRoles.Any(string.IsNullOrWhiteSpace))
            {
                problems.Add("brokenRoles must hold role names, not empty strings");
            }

            FaultSettings f = settings.Faults;
            NotNegative(problems, "faults.latencyMs", f.LatencyMs);
            Fraction(problems, "faults.throttleRate", f.ThrottleRate);
            Fraction(problems, "faults.serverErrorRate", f.ServerErrorRate);
            Fraction(problems, "faults.dropConnectionRate", f.DropConnectionRate);
            NotNegative(problems, "faults.iamRequestsPerSecond", f.IamRequestsPerSecond);
            NotNegative(problems, "faults.iamBurst", f.IamBurst);
            NotNegative(problems, "faults.ec2RequestsPerSecond", f.Ec2RequestsPerSecond);
            NotNegative(problems, "faults.ec2Burst", f.Ec2Burst);
            problems.AddRange(Faults.Ec2RequestLimits.Problems(f.RateLimits));
            problems.AddRange(Permissions.PermissionRules.Problems(settings.Permissions));
            for (int i = 0; i < f.Rules.Count; i++)
            {
                FaultRule rule = f.Rules[i];
                string name = "faults.rules[" + i + "]";
                NotNegative(problems, name + ".skip", rule.Skip);
                if (rule.Count < -1)
                {
                    problems.Add(name + ".count must be -1 (forever) or more");
                }

                if (rule.Effect != FaultEffects.Fail && rule.Effect != FaultEffects.FailAfter && rule.Effect != FaultEffects.Stuck)
                {
                    problems.Add(name + ".effect must be fail, failAfter or stuck");
                }

                if (rule.Status is int status && (status < 400 || status > 599))
                {
                    problems.Add(name + ".status must be an HTTP error status (400-599)");
                }
            }

            if (problems.Count > 0)
            {
                throw new SettingsException("Invalid settings: " + string.Join("; ", problems) + ".");
            }
        }

        private static void MergeInto(JsonObject target, JsonObject patch, string prefix, List<string> unknown)
        {
            foreach (KeyValuePair<string, JsonNode?> member in patch)
            {
                string path = prefix + member.Key;
                if (!target.ContainsKey(member.Key))
                {
                    unknown.Add(path);
                    continue;
                }

                if (target[member.Key] is JsonObject targetChild && member.Value is JsonObject patchChild && path != "faults.rules" && path != "faults.rateLimits")
                {
                    MergeInto(targetChild, patchChild, path + ".", unknown);
                    continue;
                }

                target[member.Key] = member.Value?.DeepClone();
            }
        }

        private static void NotNegative(List<string> problems, string name, double value)
        {
            if (value < 0 || double.IsNaN(value))
            {
                problems.Add(name + " must not be negative");
            }
        }

        private static void Fraction(List<string> problems, string name, double value)
        {
            if (!(value >= 0 && value <= 1))
            {
                problems.Add(name + " must be between 0 and 1");
            }
        }
    }
}
