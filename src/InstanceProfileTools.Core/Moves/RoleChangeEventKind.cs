namespace InstanceProfileTools.Core.Moves
{
    /// <summary>What a <see cref="RoleChangeRunner"/> reports.</summary>
    public enum RoleChangeEventKind
    {
        /// <summary>Work on an instance began.</summary>
        Started,

        /// <summary>An instance is done, successfully or not: <see cref="RoleChangeEvent.Result"/> says.</summary>
        Finished,

        /// <summary>The target profile could not be resolved, so no instance can be changed: <see cref="RoleChangeEvent.Error"/>.</summary>
        RunFailed,

        /// <summary>The journal could not be written: no further instance starts; <see cref="RoleChangeEvent.Error"/> says why.</summary>
        JournalFailed,
    }
}
