using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace InstanceProfileTools.Sandbox.Settings
{
    /// <summary>
    /// EC2's request limits: "off" (the default), "aws" (AWS's documented buckets per action, account and region),
    /// or an object of per-action overrides merged over the aws table. JSON keeps that shape both ways.
    /// </summary>
    [JsonConverter(typeof(RateLimitSettingsConverter))]
    public sealed class RateLimitSettings
    {
        /// <summary>The JSON word for no limits.</summary>
        public const string OffWord = "off";

        /// <summary>The JSON word for the aws table.</summary>
        public const string AwsWord = "aws";

        private RateLimitSettings(bool enabled, Dictionary<string, ActionRateLimit> overrides)
        {
            Enabled = enabled;
            Overrides = overrides;
        }

        /// <summary>No request limits.</summary>
        public static RateLimitSettings Off => new RateLimitSettings(false, new Dictionary<string, ActionRateLimit>());

        /// <summary>The aws table as it is.</summary>
        public static RateLimitSettings Aws => new RateLimitSettings(true, new Dictionary<string, ActionRateLimit>());

        /// <summary>Whether requests are limited at all.</summary>
        public bool Enabled { get; }

        /// <summary>Per-bucket overrides of the aws table, by bucket name (an action, or DescribeInstances.Unfiltered).</summary>
        public IReadOnlyDictionary<string, ActionRateLimit> Overrides { get; }

        /// <summary>The aws table with these overrides.</summary>
        public static RateLimitSettings Custom(Dictionary<string, ActionRateLimit> overrides) =>
            new RateLimitSettings(true, new Dictionary<string, ActionRateLimit>(overrides, StringComparer.Ordinal));

        /// <summary>Reads and writes "off", "aws" or the override object.</summary>
        private sealed class RateLimitSettingsConverter : JsonConverter<RateLimitSettings>
        {
            public override RateLimitSettings Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            {
                if (reader.TokenType == JsonTokenType.String)
                {
                    return reader.GetString() switch
                    {
                        OffWord => Off,
                        AwsWord => Aws,
                        string other => throw new JsonException($"faults.rateLimits must be \"off\", \"aws\" or an object of actions, not \"{other}\"."),
                        null => Off,
                    };
                }

                if (reader.TokenType == JsonTokenType.Null)
                {
                    return Off;
                }

                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw new JsonException("faults.rateLimits must be \"off\", \"aws\" or an object of actions.");
                }

                var overrides = JsonSerializer.Deserialize<Dictionary<string, ActionRateLimit>>(ref reader, options)!;
                return Custom(overrides);
            }

            public override void Write(Utf8JsonWriter writer, RateLimitSettings value, JsonSerializerOptions options)
            {
                if (!value.Enabled)
                {
                    writer.WriteStringValue(OffWord);
                }
                else if (value.Overrides.Count == 0)
                {
                    writer.WriteStringValue(AwsWord);
                }
                else
                {
                    JsonSerializer.Serialize(writer, value.Overrides, options);
                }
            }
        }
    }
}
