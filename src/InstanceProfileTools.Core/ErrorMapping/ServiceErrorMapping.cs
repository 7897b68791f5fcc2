namespace InstanceProfileTools.Core.ErrorMapping
{
    /// <summary>How one service error code reads for the module: id, kind, target, advice and traits.</summary>
    internal sealed record ServiceErrorMapping(string ErrorId, FailureKind Kind, object? Target, string? Advice = null, ErrorTraits Traits = ErrorTraits.None);
}
