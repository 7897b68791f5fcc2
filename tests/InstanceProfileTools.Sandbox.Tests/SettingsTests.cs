using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using InstanceProfileTools.Sandbox.Hosting;
using InstanceProfileTools.Sandbox.Settings;
using Xunit;

namespace InstanceProfileTools.Sandbox.Tests
{
    [Trait("Category", "Settings")]
    public sealed class SettingsTests
    {
        [Fact]
        public void MergeChangesNamedKnobsOnly()
        {
            var current = new SandboxSettings { Consistency = { AssociatingMs = 5, DisassociatingMs = 7 } };

            SandboxSettings merged = SettingsMerger.Merge(current, "{\"consistency\":{\"associatingMs\":100},\"faults\":{\"seed\":3}}");

            Assert.Equal((100, 7, 3), (merged.Consistency.AssociatingMs, merged.Consistency.DisassociatingMs, merged.Faults.Seed));
            Assert.Equal(5, current.Consistency.AssociatingMs);
        }

        [Fact]
        public void MergeReplacesRulesWhole()
        {
            SandboxSettings merged = SettingsMerger.Merge(
                new SandboxSettings(),
                "{\"faults\":{\"rules\":[{\"action\":\"RunInstances\",\"effect\":\"stuck\",\"count\":-1}]}}");

            FaultRule rule = merged.Faults.Rules.Single();
            Assert.Equal(("RunInstances", FaultEffects.Stuck, -1, 0), (rule.Action, rule.Effect, rule.Count, rule.Skip));
        }

        [Theory]
        [InlineData("{\"consistency\":{\"associatingMillis\":1}}", "consistency.associatingMillis")]
        [InlineData("{\"timing\":{}}", "timing")]
        [InlineData("{\"faults\":{\"rules\":[{\"actoin\":\"X\"}]}}", "actoin")]
        public void MergeRefusesUnknownNamesNamingThem(string patch, string name)
        {
            SettingsException error = Assert.Throws<SettingsException>(() => SettingsMerger.Merge(new SandboxSettings(), patch));

            Assert.Contains(name, error.Message);
        }

        [Theory]
        [InlineData("{\"faults\":{\"throttleRate\":1.5}}")]
        [InlineData("{\"consistency\":{\"associatingMs\":-1}}")]
        [InlineData("{\"consistency\":{\"associatingMs\":\"soon\"}}")]
        [InlineData("{\"faults\":{\"rules\":[{\"effect\":\"explode\"}]}}")]
        [InlineData("[1]")]
        [InlineData("{")]
        public void MergeRefusesBadValues(string patch)
        {
            Assert.Throws<SettingsException>(() => SettingsMerger.Merge(new SandboxSettings(), patch));
        }

        [Fact]
        public void OptionsComeFromCommandLineThenEnvironment()
        {
            var environment = new Dictionary<string, string>
            {
                ["SANDBOX_PORT"] = "4000",
                ["SANDBOX_ACCOUNT_ID"] = "210987654321",
                ["SANDBOX_ASSOCIATING_MS"] = "50",
                ["SANDBOX_FLAPPING_READS"] = "true",
            };

            SandboxOptions options = SandboxOptions.Parse(
                new[] { "--port", "0", "--credentials", "AK1:S1,AK2:S2", "--throttle-rate=0.25", "--settings", "{\"consistency\":{\"disassociatingMs\":9}}" },
                name => environment.GetValueOrDefault(name));

            Assert.Equal(0, options.Port);
            Assert.Equal("210987654321", options.AccountId);
            Assert.Equal(new[] { "AK1", "AK2", "test" }, options.Credentials.Keys.OrderBy(k => k, StringComparer.Ordinal));
            Assert.Equal((50, 9, true), (options.Settings.Consistency.AssociatingMs, options.Settings.Consistency.DisassociatingMs, options.Settings.Consistency.FlappingReads));
            Assert.Equal(0.25, options.Settings.Faults.ThrottleRate);
        }

        [Theory]
        [InlineData("--port", "http")]
        [InlineData("--account-id", "12")]
        [InlineData("--nonsense", "1")]
        [InlineData("--associating-ms", "soon")]
        [InlineData("--credentials", "nocolon")]
        public void OptionsRefuseBadValues(string option, string value)
        {
            Assert.Throws<ArgumentException>(() => SandboxOptions.Parse(new[] { option, value }, _ => null));
        }

        [Fact]
        public void HelpListsEveryOptionAndItsEnvironmentVariable()
        {
            string help = SandboxOptions.HelpText();

            foreach (string option in new[] { "port", "state", "access-key", "secret-key", "credentials", "account-id", "settings", "verbose" }
                .Concat(SandboxOptions.Knobs.Select(k => k.Option)))
            {
                Assert.Contains("--" + option, help);
                Assert.Contains(SandboxOptions.EnvironmentName(option), help);
            }

            Assert.Contains("/_sandbox/timeline", help);
            Assert.Contains("/_sandbox/instances/launch", help);
            Assert.Contains("/latest/meta-data/iam/info", help);
            Assert.Contains("permissions (JSON only)", help);
        }

        [Fact]
        public void EveryKnobOptionNamesARealSetting()
        {
            foreach (KnobOption knob in SandboxOptions.Knobs)
            {
                string example = knob.JsonName is "flappingReads" or "identityNotFoundVariant" ? "true" : knob.Example;
                string value = knob.Parse(example)!.ToJsonString();
                string patch = knob.Section == null ? $"{{\"{knob.JsonName}\":{value}}}" : $"{{\"{knob.Section}\":{{\"{knob.JsonName}\":{value}}}}}";
                SandboxSettings merged = SettingsMerger.Merge(new SandboxSettings(), patch);
                Assert.NotEqual(
                    System.Text.Json.JsonSerializer.Serialize(new SandboxSettings(), SandboxSettings.JsonOptions),
                    System.Text.Json.JsonSerializer.Serialize(merged, SandboxSettings.JsonOptions));
            }
        }

        [Fact]
        public void SettingsFileIsReadWithAtPrefix()
        {
            string file = Path.Combine(Path.GetTempPath(), $"ipt-settings-{Guid.NewGuid():N}.json");
            File.WriteAllText(file, "{\"faults\":{\"latencyMs\":12}}");
            try
            {
                Assert.Equal(12, SandboxOptions.Parse(new[] { "--settings", "@" + file }, _ => null).Settings.Faults.LatencyMs);
            }
            finally
            {
                File.Delete(file);
            }
        }
    }
}
