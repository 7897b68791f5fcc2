using System;
using System.Text.Json.Nodes;

namespace InstanceProfileTools.Sandbox.Hosting
{
    /// <summary>A command-line option (and environment variable) that sets one settings knob at startup.</summary>
    public sealed class KnobOption
    {
        /// <summary>Creates the option. <paramref name="parse"/> turns its text into the knob's JSON value.</summary>
        public KnobOption(string? section, string jsonName, string option, string description, Func<KnobOption, string, JsonNode?> parse, string example)
        {
            Section = section;
            JsonName = jsonName;
            Option = option;
            Description = description;
            Parse = text => parse(this, text);
            Example = example;
        }

        /// <summary>"consistency" or "faults"; null for a top-level setting.</summary>
        public string? Section { get; }

        /// <summary>The knob's JSON name in its section.</summary>
        public string JsonName { get; }

        /// <summary>The option without dashes, e.g. associating-ms.</summary>
        public string Option { get; }

        /// <summary>What it does.</summary>
        public string Description { get; }

        /// <summary>The knob's JSON value for the option's text; throws <see cref="ArgumentException"/>.</summary>
        public Func<string, JsonNode?> Parse { get; }

        /// <summary>A valid value of the option, as typed on the command line.</summary>
        public string Example { get; }

        /// <summary>Where --help shows it: section.name.</summary>
        public string SettingPath => Section == null ? JsonName : Section + "." + JsonName;
    }
}
