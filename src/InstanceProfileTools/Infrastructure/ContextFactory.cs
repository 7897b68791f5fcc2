using InstanceProfileTools.Core;
using InstanceProfileTools.Core.Operations;

namespace InstanceProfileTools.Infrastructure
{
    /// <summary>Builds Core's operation context from the cmdlet's connection options.</summary>
    internal static class ContextFactory
    {
        public static OperationContext Create(AwsConnectionOptions options, IOperationLog log)
        {
            // Wired to Core's AWS client factory as soon as it lands (helper "core", Core/Aws).
            throw new InstanceProfileToolsException(ErrorIds.AwsError, FailureKind.NotSpecified, null,
                "The AWS clients are not available in this build yet.");
        }
    }
}
