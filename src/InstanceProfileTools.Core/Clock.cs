using System;
using System.Threading;
using System.Threading.Tasks;

namespace InstanceProfileTools.Core
{
    /// <summary>Time as Core sees it, so that retries and waits are tested without wall time.</summary>
    public interface IClock
    {
        DateTimeOffset UtcNow { get; }

        Task Delay(TimeSpan delay, CancellationToken cancellationToken);
    }

    /// <summary>The real clock.</summary>
    public sealed class SystemClock : IClock
    {
        public static readonly SystemClock Instance = new();

        public DateTimeOffset UtcNow => DateTimeOffset.UtcNow;

        public Task Delay(TimeSpan delay, CancellationToken cancellationToken) => Task.Delay(delay, cancellationToken);
    }

    /// <summary>
    /// Where Core reports what it does (the AWS call and ids, retries, waits). The cmdlets queue these and
    /// write them on the pipeline thread. Never given secrets.
    /// </summary>
    public interface IOperationLog
    {
        void Verbose(string message);

        void Warning(string message);
    }

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
