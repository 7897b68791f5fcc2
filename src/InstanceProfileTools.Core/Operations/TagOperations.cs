using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.Model;

namespace InstanceProfileTools.Core.Operations
{
    /// <summary>The tags of an instance profile.</summary>
    public sealed class TagOperations
    {
        private readonly OperationContext _context;

        public TagOperations(OperationContext context)
        {
            _context = context ?? throw new ArgumentNullException(nameof(context));
        }

        /// <summary>TagInstanceProfile: adds the tags, overwriting the values of keys it already has.</summary>
        public async Task AddAsync(string name, IReadOnlyList<Tag> tags, CancellationToken cancellationToken)
        {
            try
            {
                await _context.Iam.TagInstanceProfileAsync(name, tags, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException error) when (Failures.IsNotFound(error))
            {
                throw Failures.ProfileNotFound(error, name);
            }
        }

        /// <summary>One page of ListInstanceProfileTags.</summary>
        public async Task<Page<Tag>> ListPageAsync(string name, string? marker, CancellationToken cancellationToken)
        {
            try
            {
                return await _context.Iam.ListInstanceProfileTagsAsync(name, marker, null, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException error) when (Failures.IsNotFound(error))
            {
                throw Failures.ProfileNotFound(error, name);
            }
        }

        /// <summary>UntagInstanceProfile: removes the keys; keys the profile does not have are ignored, as IAM does.</summary>
        public async Task RemoveAsync(string name, IReadOnlyList<string> keys, CancellationToken cancellationToken)
        {
            try
            {
                await _context.Iam.UntagInstanceProfileAsync(name, keys, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException error) when (Failures.IsNotFound(error))
            {
                throw Failures.ProfileNotFound(error, name);
            }
        }
    }
}
