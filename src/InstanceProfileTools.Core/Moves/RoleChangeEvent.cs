namespace InstanceProfileTools.Core.Moves
{
    /// <summary>One report from a runner, read on the pipeline thread.</summary>
    public sealed class RoleChangeEvent
    {
        private RoleChangeEvent(RoleChangeEventKind kind, string? instanceId, RoleChangeResult? result, InstanceProfileToolsException? error)
        {
            Kind = kind;
            InstanceId = instanceId;
            Result = result;
            Error = error;
        }

        public RoleChangeEventKind Kind { get; }

        public string? InstanceId { get; }

        public RoleChangeResult? Result { get; }

        public InstanceProfileToolsException? Error { get; }

        internal static RoleChangeEvent Started(string instanceId) => new(RoleChangeEventKind.Started, instanceId, null, null);

        internal static RoleChangeEvent Finished(RoleChangeResult result) => new(RoleChangeEventKind.Finished, result.InstanceId, result, null);

        internal static RoleChangeEvent RunFailed(InstanceProfileToolsException error) => new(RoleChangeEventKind.RunFailed, null, null, error);

        internal static RoleChangeEvent JournalFailed(InstanceProfileToolsException error) => new(RoleChangeEventKind.JournalFailed, null, null, error);
    }
}
