using System;

namespace InstanceProfileTools.Core
{
    /// <summary>
    /// Every failure Core reports: a stable error id (from <see cref="ErrorIds"/>), its kind, and the value it
    /// concerns. The message says what happened and what to do.
    /// </summary>
    public class InstanceProfileToolsException : Exception
    {
        public InstanceProfileToolsException(string errorId, FailureKind kind, object? target, string message, Exception? innerException = null)
            : base(message, innerException)
        {
            ErrorId = errorId;
            Kind = kind;
            Target = target;
        }

        /// <summary>The stable id, such as <c>InstanceProfileNotFound</c>.</summary>
        public string ErrorId { get; }

        public FailureKind Kind { get; }

        /// <summary>The name, id or object the failure concerns.</summary>
        public object? Target { get; }
    }
}
