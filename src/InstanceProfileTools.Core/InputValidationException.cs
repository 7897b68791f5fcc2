namespace InstanceProfileTools.Core
{
    /// <summary>Input that breaks a documented constraint, rejected before any call is made.</summary>
    public sealed class InputValidationException : InstanceProfileToolsException
    {
        public InputValidationException(string errorId, string parameterName, object? value, string message)
            : base(errorId, FailureKind.InvalidArgument, value, message)
        {
            ParameterName = parameterName;
        }

        public string ParameterName { get; }
    }
}
