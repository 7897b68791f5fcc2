namespace InstanceProfileTools.Sandbox.Hosting
{
    /// <summary>A command-line option (and environment variable) that sets one settings knob at startup.</summary>
    public sealed class KnobOption
    {
        /// <summary>Creates the option.</summary>
        public KnobOption(string section, string jsonName, string option, string description)
        {
            Section = section;
            JsonName = jsonName;
            Option = option;
            Description = description;
        }

        /// <summary>"consistency" or "faults".</summary>
        public string Section { get; }

        /// <summary>The knob's JSON name in its section.</summary>
        public string JsonName { get; }

        /// <summary>The option without dashes, e.g. associating-ms.</summary>
        public string Option { get; }

        /// <summary>What it does.</summary>
        public string Description { get; }
    }
}
