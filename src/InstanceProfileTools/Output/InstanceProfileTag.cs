namespace InstanceProfileTools
{
    /// <summary>One tag of an instance profile.</summary>
    public sealed class InstanceProfileTag
    {
        public string Key { get; set; } = string.Empty;

        public string Value { get; set; } = string.Empty;

        /// <summary>The profile the tag is on, so that tags pipe back to the tag cmdlets.</summary>
        public string InstanceProfileName { get; set; } = string.Empty;

        public override string ToString() => Key + "=" + Value;
    }
}
