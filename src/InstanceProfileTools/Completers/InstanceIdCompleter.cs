using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Operations;

namespace InstanceProfileTools.Completers
{
    /// <summary>
    /// Completes instance ids in the command's region from DescribeInstances and DescribeIamInstanceProfileAssociations
    /// together: an account that may call only one of them still gets the ids that one knows.
    /// </summary>
    public sealed class InstanceIdCompleter : AwsArgumentCompleter
    {
        protected override async Task<IReadOnlyList<string>> ReadNamesAsync(OperationContext context, CancellationToken cancellationToken)
        {
            Task<List<string>> instances = ReadAllPagesAsync(
                token => context.Ec2.DescribeInstanceIdsAsync(token, 1000, cancellationToken),
                id => id);
            Task<List<string>> associations = ReadAllPagesAsync(
                token => context.Ec2.DescribeIamInstanceProfileAssociationsAsync(new AssociationQuery(Array.Empty<string>(), Array.Empty<string>(), Array.Empty<AssociationState>()), token, 1000, cancellationToken),
                association => association.InstanceId);
            List<string>[] lists = await Task.WhenAll(OrEmpty(instances), OrEmpty(associations)).ConfigureAwait(false);
            if (instances.IsFaulted && associations.IsFaulted)
            {
                throw instances.Exception!;
            }

            return lists.SelectMany(ids => ids).ToList();
        }

        private static async Task<List<string>> OrEmpty(Task<List<string>> read)
        {
            try
            {
                return await read.ConfigureAwait(false);
            }
            catch (Exception)
            {
                return new List<string>();
            }
        }
    }
}
