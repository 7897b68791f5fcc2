using System.Collections.Generic;
using Amazon.Runtime.Internal;

namespace InstanceProfileTools.Core.Iam
{
    /// <summary>IAM's service id, as the SDK's pipeline (metrics, global endpoint providers) asks for it.</summary>
    internal sealed class IamServiceMetadata : IServiceMetadata
    {
        public string ServiceId => "IAM";

        public IDictionary<string, string> OperationNameMapping { get; } = new Dictionary<string, string>();
    }
}
