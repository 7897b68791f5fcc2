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
        public Task AddAsync(string name, IReadOnlyList<Tag> tags, CancellationToken cancellationToken) =>
            _context.Iam.TagInstanceProfileAsync(name, tags, cancellationToken);

        /// <summary>One page of ListInstanceProfileTags.</summary>
        public Task<Page<Tag>> ListPageAsync(string name, string? marker, CancellationToken cancellationToken) =>
            _context.Iam.ListInstanceProfileTagsAsync(name, marker, null, cancellationToken);

        /// <summary>UntagInstanceProfile: removes the keys; keys the profile does not have are ignored, as IAM does.</summary>
        public Task RemoveAsync(string name, IReadOnlyList<string> keys, CancellationToken cancellationToken) =>
            _context.Iam.UntagInstanceProfileAsync(name, keys, cancellationToken);
    }
}
