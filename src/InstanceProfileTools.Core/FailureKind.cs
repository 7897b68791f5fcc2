namespace InstanceProfileTools.Core
{
    /// <summary>
    /// What kind of failure an error is. The cmdlets map it one-to-one onto PowerShell's ErrorCategory,
    /// which Core cannot reference.
    /// </summary>
    public enum FailureKind
    {
        InvalidArgument,
        ObjectNotFound,
        ResourceExists,
        ResourceBusy,
        LimitsExceeded,
        InvalidOperation,
        PermissionDenied,
        AuthenticationError,
        OperationTimeout,
        ConnectionError,
        WriteError,
        OperationStopped,
        NotSpecified,
    }
}
