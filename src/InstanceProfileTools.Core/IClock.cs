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
}
