namespace InstanceProfileTools.Core.Model
{
    /// <summary>EC2 instance state names (the ones that matter for associations).</summary>
    public enum InstanceState
    {
        Pending,
        Running,
        ShuttingDown,
        Terminated,
        Stopping,
        Stopped,
    }
}
