namespace InstanceProfileTools.Sandbox.Settings
{
    /// <summary>One request-limit bucket's size and refill; a member left out keeps the aws table's value.</summary>
    public sealed class ActionRateLimit
    {
        /// <summary>Creates an empty override.</summary>
        public ActionRateLimit()
        {
        }

        /// <summary>Creates a full limit.</summary>
        public ActionRateLimit(int burst, double perSecond)
        {
            Burst = burst;
            PerSecond = perSecond;
        }

        /// <summary>How many requests the full bucket holds.</summary>
        public int? Burst { get; set; }

        /// <summary>How many tokens come back each second.</summary>
        public double? PerSecond { get; set; }
    }
}
