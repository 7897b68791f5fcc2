namespace InstanceProfileTools.Core
{
    /// <summary>A log that drops everything.</summary>
    public sealed class NullOperationLog : IOperationLog
    {
        public static readonly NullOperationLog Instance = new();

        public void Verbose(string message)
        {
        }

        public void Warning(string message)
        {
        }
    }
}
