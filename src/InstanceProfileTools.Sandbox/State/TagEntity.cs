namespace InstanceProfileTools.Sandbox.State
{
    /// <summary>An IAM tag as stored.</summary>
    public sealed class TagEntity
    {
        /// <summary>The tag key.</summary>
        public string Key { get; set; } = "";

        /// <summary>The tag value (may be empty).</summary>
        public string Value { get; set; } = "";
    }
}
