using System;

namespace InstanceProfileTools.Core.Retry
{
    /// <summary>A value obtained after <see cref="Attempts"/> calls, over <see cref="Elapsed"/>.</summary>
    public sealed record RetryResult<T>(T Value, int Attempts, TimeSpan Elapsed);
}
