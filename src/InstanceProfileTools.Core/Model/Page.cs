using System.Collections.Generic;

namespace InstanceProfileTools.Core.Model
{
    /// <summary>One page of a paginated list; <see cref="NextToken"/> is null on the last page.</summary>
    public sealed record Page<T>(IReadOnlyList<T> Items, string? NextToken);
}
