using System;

namespace InstanceProfileTools.Sandbox.Protocol
{
    /// <summary>An AWS error answer: the code, message and HTTP status the service would send.</summary>
    public sealed class AwsServiceException : Exception
    {
        /// <summary>Creates the error.</summary>
        public AwsServiceException(string code, string message, int status)
            : base(message)
        {
            Code = code;
            Status = status;
        }

        /// <summary>The AWS error code, e.g. NoSuchEntity.</summary>
        public string Code { get; }

        /// <summary>The HTTP status.</summary>
        public int Status { get; }

        /// <summary>Whether the caller is at fault (IAM's Type Sender) rather than the service (Receiver).</summary>
        public bool IsSenderFault => Status < 500;
    }
}
