namespace InstanceProfileTools.Core
{
    /// <summary>
    /// Where Core reports what it does (the AWS call and ids, retries, waits). The cmdlets queue these and
    /// write them on the pipeline thread. Never given secrets.
    /// </summary>
    public interface IOperationLog
    {
        void Verbose(string message);

        void Warning(string message);
    }
}
