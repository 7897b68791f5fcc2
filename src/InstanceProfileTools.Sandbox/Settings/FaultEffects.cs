namespace InstanceProfileTools.Sandbox.Settings
{
    /// <summary>The effects a <see cref="FaultRule"/> can have.</summary>
    public static class FaultEffects
    {
        /// <summary>Answer the error instead of doing the call.</summary>
        public const string Fail = "fail";

        /// <summary>Do the call, then answer the error.</summary>
        public const string FailAfter = "failAfter";

        /// <summary>Do the call; the association it creates never leaves associating.</summary>
        public const string Stuck = "stuck";
    }
}
