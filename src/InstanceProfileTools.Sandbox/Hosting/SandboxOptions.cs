using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using InstanceProfileTools.Sandbox.Regions;
using InstanceProfileTools.Sandbox.Settings;

namespace InstanceProfileTools.Sandbox.Hosting
{
    /// <summary>The sandbox's startup options, from the command line first, then SANDBOX_* environment variables.</summary>
    public sealed partial class SandboxOptions
    {
        /// <summary>Every knob that has its own option, in the order --help lists them.</summary>
        public static readonly IReadOnlyList<KnobOption> Knobs = new[]
        {
            Literal("consistency", "profilePropagationMs", "profile-propagation-ms", "a new profile is unknown to EC2 (Invalid IAM Instance Profile name) this long"),
            Literal("consistency", "roleOnProfilePropagationMs", "role-on-profile-propagation-ms", "after a role is added to/removed from a profile, EC2 sees the old roles this long"),
            Literal("consistency", "rolePropagationMs", "role-propagation-ms", "a new role is NoSuchEntity to AddRoleToInstanceProfile this long"),
            Literal("consistency", "associatingMs", "associating-ms", "associations stay associating this long"),
            Literal("consistency", "disassociatingMs", "disassociating-ms", "disassociated associations stay disassociating this long"),
            Literal("consistency", "flappingReads", "flapping-reads", "true: reads alternate seen/not seen while a profile propagates"),
            Literal("consistency", "identityNotFoundVariant", "identity-not-found-variant", "true: every 2nd refused Associate/Replace answers IncorrectState InstanceIdentityProfileNotFound"),
            Literal("consistency", "instancePendingMs", "instance-pending-ms", "launched/started instances stay pending this long"),
            Literal("consistency", "credentialRefreshMs", "credential-refresh-ms", "after an association is associated, the instance's credentials show the previous role this long"),
            Literal("faults", "latencyMs", "latency-ms", "added to every AWS request"),
            Literal("faults", "throttleRate", "throttle-rate", "fraction 0..1 answered Throttling (IAM, 400) / RequestLimitExceeded (EC2, 503)"),
            Literal("faults", "serverErrorRate", "server-error-rate", "fraction 0..1 answered ServiceFailure (IAM) / InternalError (EC2), 500"),
            Literal("faults", "dropConnectionRate", "drop-connection-rate", "fraction 0..1 whose connection is closed without an answer"),
            Literal("faults", "iamRequestsPerSecond", "iam-requests-per-second", "IAM token bucket rate (0: no limit); over it: Throttling"),
            Literal("faults", "iamBurst", "iam-burst", "IAM token bucket size"),
            Literal("faults", "ec2RequestsPerSecond", "ec2-requests-per-second", "EC2 token bucket rate (0: no limit); over it: RequestLimitExceeded"),
            Literal("faults", "ec2Burst", "ec2-burst", "EC2 token bucket size"),
            Literal("faults", "seed", "seed", "seed of the random fault choices (reproducible runs)"),
            new KnobOption("faults", "rateLimits", "rate-limits", "EC2 request limits per action, account and region: off, aws, or JSON {\"Action\":{\"burst\":n,\"perSecond\":x}} over the aws table", ParseRateLimits, "aws"),
            new KnobOption(null, "brokenRoles", "broken-roles", "role names (comma-separated) whose instances' credentials answer Healthy: false", ParseNameList, "app-role,other-role"),
        };

        private static KnobOption Literal(string section, string jsonName, string option, string description) =>
            new KnobOption(section, jsonName, option, description, ParseLiteral, "1");

        private static readonly Regex s_accountId = new Regex("^[0-9]{12}\\z", RegexOptions.CultureInvariant);

        /// <summary>The port on 127.0.0.1; 0 picks a free one.</summary>
        public int Port { get; private set; }

        /// <summary>The state file, or null to keep state in memory only.</summary>
        public string? StateFile { get; private set; }

        /// <summary>The account id in ARNs.</summary>
        public string AccountId { get; private set; } = "123456789012";

        /// <summary>Access key → secret key pairs accepted for signing.</summary>
        public Dictionary<string, string> Credentials { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>
        /// The account of each access key given with one (--account ACCOUNT=K:S, or --credentials K:S:ACCOUNT); other
        /// keys belong to <see cref="AccountId"/>. A request's account is its key's: its IAM, its EC2, its ARNs.
        /// </summary>
        public Dictionary<string, string> AccountsByAccessKey { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>The enabled regions (--regions); AWS's 17 regions that need no opt-in by default.</summary>
        public RegionCatalog Regions { get; private set; } = new RegionCatalog();

        /// <summary>The startup settings (reset goes back to these).</summary>
        public SandboxSettings Settings { get; private set; } = new SandboxSettings();

        /// <summary>Log each request to stderr.</summary>
        public bool Verbose { get; private set; }

        /// <summary>--help was asked for.</summary>
        public bool ShowHelp { get; private set; }

        /// <summary>The environment variable of an option: SANDBOX_ and the option in upper snake case.</summary>
        public static string EnvironmentName(string option) => "SANDBOX_" + option.Replace('-', '_').ToUpperInvariant();

        /// <summary>Reads the options; throws <see cref="ArgumentException"/> naming what is wrong.</summary>
        public static SandboxOptions Parse(IReadOnlyList<string> args, Func<string, string?> environment)
        {
            var given = new Dictionary<string, string>(StringComparer.Ordinal);
            var accountEntries = new List<string>();
            var options = new SandboxOptions();
            for (int i = 0; i < args.Count; i++)
            {
                string arg = args[i];
                if (arg == "--help" || arg == "-h" || arg == "-?")
                {
                    options.ShowHelp = true;
                    continue;
                }

                if (!arg.StartsWith("--", StringComparison.Ordinal))
                {
                    throw new ArgumentException($"Unexpected argument '{arg}'. See --help.");
                }

                string name = arg.Substring(2);
                string? inlineValue = null;
                int equals = name.IndexOf('=');
                if (equals > 0)
                {
                    inlineValue = name.Substring(equals + 1);
                    name = name.Substring(0, equals);
                }

                if (!IsKnown(name))
                {
                    throw new ArgumentException($"Unknown option '--{name}'. See --help.");
                }

                if (name == "verbose")
                {
                    given[name] = inlineValue ?? "true";
                    continue;
                }

                if (inlineValue == null && i + 1 >= args.Count)
                {
                    throw new ArgumentException($"Option '--{name}' needs a value.");
                }

                if (name == AccountOption)
                {
                    // Repeatable: one account's key per --account.
                    accountEntries.Add(inlineValue ?? args[++i]);
                    continue;
                }

                given[name] = inlineValue ?? args[++i];
            }

            string? Value(string name) => given.TryGetValue(name, out string? v) ? v : environment(EnvironmentName(name));

            options.Port = ParsePort(Value("port"));
            options.StateFile = Value("state");
            options.AccountId = Value("account-id") ?? options.AccountId;
            if (!s_accountId.IsMatch(options.AccountId))
            {
                throw new ArgumentException($"--account-id must be 12 digits, not '{options.AccountId}'.");
            }

            options.ReadKeys(Value, accountEntries.Count > 0 ? accountEntries : SplitList(environment(AccountsEnvironment)));
            if (Value("regions") is string regions)
            {
                options.Regions = new RegionCatalog(SplitList(regions));
            }

            options.Verbose = IsTrue(Value("verbose"));
            options.Settings = ReadSettings(Value("settings"), Value);
            return options;
        }

        private static bool IsKnown(string name) =>
            name is "port" or "state" or "access-key" or "secret-key" or "credentials" or "account-id" or AccountOption or "regions" or "settings" or "verbose" ||
            Knobs.Any(k => k.Option == name);

        private static bool IsTrue(string? value) =>
            value != null && (value == "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase) || value.Equals("yes", StringComparison.OrdinalIgnoreCase));

        private static int ParsePort(string? value)
        {
            if (value == null)
            {
                return 0;
            }

            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > 65535)
            {
                throw new ArgumentException($"--port must be a number from 0 to 65535, not '{value}'.");
            }

            return port;
        }

        private static SandboxSettings ReadSettings(string? settingsArgument, Func<string, string?> value)
        {
            SandboxSettings settings = new SandboxSettings();
            try
            {
                if (settingsArgument != null)
                {
                    string json = settingsArgument.StartsWith('@') ? File.ReadAllText(settingsArgument.Substring(1)) : settingsArgument;
                    settings = SettingsMerger.Merge(settings, json);
                }

                var patch = new JsonObject();
                foreach (KnobOption knob in Knobs)
                {
                    if (value(knob.Option) is string knobValue)
                    {
                        JsonObject section = patch;
                        if (knob.Section != null)
                        {
                            section = patch[knob.Section] as JsonObject ?? new JsonObject();
                            patch[knob.Section] = section;
                        }

                        section[knob.JsonName] = knob.Parse(knobValue);
                    }
                }

                return patch.Count > 0 ? SettingsMerger.Merge(settings, patch.ToJsonString()) : settings;
            }
            catch (SettingsException ex)
            {
                throw new ArgumentException(ex.Message, ex);
            }
            catch (IOException ex)
            {
                throw new ArgumentException("Cannot read the settings file: " + ex.Message, ex);
            }
        }

        private static JsonNode? ParseRateLimits(KnobOption knob, string text)
        {
            if (!text.TrimStart().StartsWith('{'))
            {
                return JsonValue.Create(text);
            }

            try
            {
                return JsonNode.Parse(text);
            }
            catch (System.Text.Json.JsonException ex)
            {
                throw new ArgumentException($"--{knob.Option} takes off, aws or a JSON object: {ex.Message}", ex);
            }
        }

        private static JsonNode ParseNameList(KnobOption knob, string text) =>
            new JsonArray(text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(n => (JsonNode?)JsonValue.Create(n)).ToArray());

        private static JsonNode ParseLiteral(KnobOption knob, string text)
        {
            if (bool.TryParse(text, out bool flag))
            {
                return JsonValue.Create(flag);
            }

            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double number))
            {
                return number == Math.Floor(number) && Math.Abs(number) < int.MaxValue ? JsonValue.Create((int)number) : JsonValue.Create(number);
            }

            throw new ArgumentException($"--{knob.Option} takes a number or true/false, not '{text}'.");
        }
    }
}
