using System;
using InstanceProfileTools.Core.Operations;

namespace InstanceProfileTools.Core.Retry
{
    /// <summary>How a change waits for IAM and EC2: the -PropagationTimeout, -Wait and -Timeout of the cmdlets.</summary>
    /// <param name="PropagationTimeout">How long to retry IAM's propagation errors (a role or profile created moments ago).</param>
    /// <param name="Wait">Whether to return only once reads show the change done.</param>
    /// <param name="Timeout">How long <paramref name="Wait"/> waits; unused without it.</param>
    public sealed record WaitOptions(TimeSpan PropagationTimeout, bool Wait, TimeSpan Timeout);
}
