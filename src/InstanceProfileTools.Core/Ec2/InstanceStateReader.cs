using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.Diagnostics;
using InstanceProfileTools.Core.ErrorMapping;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Ports;

namespace InstanceProfileTools.Core.Ec2
{
    /// <summary>Instance states, read only where a decision needs them, 200 instances a call.</summary>
    public static class InstanceStateReader
    {
        /// <summary>The state of each instance that exists; an unknown id is absent.</summary>
        public static async Task<IReadOnlyDictionary<string, InstanceState>> ReadAsync(IEc2Api ec2, IReadOnlyCollection<string> instanceIds, CancellationToken cancellationToken)
        {
            if (ec2 is null) throw new ArgumentNullException(nameof(ec2));
            var states = new Dictionary<string, InstanceState>(StringComparer.Ordinal);
            foreach (string[] batch in AssociationReader.Batches(instanceIds.Distinct(StringComparer.Ordinal)))
            {
                foreach (KeyValuePair<string, InstanceState> state in await ec2.DescribeInstanceStatesAsync(batch, cancellationToken).ConfigureAwait(false))
                {
                    states[state.Key] = state.Value;
                }
            }

            return states;
        }

        /// <summary>The instance's state; <see cref="ErrorIds.InstanceNotFound"/> when EC2 does not know it.</summary>
        public static async Task<InstanceState> RequireAsync(IEc2Api ec2, string instanceId, CancellationToken cancellationToken)
        {
            IReadOnlyDictionary<string, InstanceState> states = await ReadAsync(ec2, new[] { instanceId }, cancellationToken).ConfigureAwait(false);
            if (states.TryGetValue(instanceId, out InstanceState state))
            {
                return state;
            }

            throw NotFound(instanceId);
        }

        /// <summary>
        /// What EC2 says of an unknown id given as an id (filtered by id, it answers an empty list instead), through
        /// the one error map.
        /// </summary>
        public static AwsServiceException NotFound(string instanceId) =>
            AwsErrorMap.FromServiceError(AwsCall.Ec2("DescribeInstances", ("InstanceId", instanceId)),
                "InvalidInstanceID.NotFound", $"The instance ID '{instanceId}' does not exist", null, 400);
    }
}
