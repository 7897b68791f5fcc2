using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Operations;
using InstanceProfileTools.Core.Retry;
using InstanceProfileTools.Core.Validation;

namespace InstanceProfileTools.Core.Moves
{
    /// <summary>The role each profile holds, read once per run: many instances share a profile.</summary>
    internal sealed class RoleNames
    {
        private readonly OperationContext _context;
        private readonly TimeSpan _propagationTimeout;
        private readonly ConcurrentDictionary<string, Lazy<Task<string?>>> _roles = new(StringComparer.Ordinal);

        public RoleNames(OperationContext context, TimeSpan propagationTimeout)
        {
            _context = context;
            _propagationTimeout = propagationTimeout;
        }

        /// <summary>Records a role known without a read (the run's target).</summary>
        public void Know(string profileArn, string roleName) => _roles.TryAdd(profileArn, new Lazy<Task<string?>>(() => Task.FromResult<string?>(roleName)));

        /// <summary>The role of the profile, or null when there is none, it cannot be read, or <paramref name="profileArn"/> is null.</summary>
        public Task<string?> OfAsync(string? profileArn, CancellationToken cancellationToken) =>
            profileArn is null
                ? Task.FromResult<string?>(null)
                : _roles.GetOrAdd(profileArn, arn => new Lazy<Task<string?>>(() => ReadAsync(arn, cancellationToken))).Value;

        private async Task<string?> ReadAsync(string profileArn, CancellationToken cancellationToken)
        {
            if (!InstanceProfileArn.TryParse(profileArn, out InstanceProfileArn? arn))
            {
                return null;
            }

            try
            {
                RetryResult<IamInstanceProfile> profile = await _context.NewPropagationRetry().RunAsync(
                    $"GetInstanceProfile {arn!.Name}",
                    ct => _context.Iam.GetInstanceProfileAsync(arn.Name, ct),
                    _propagationTimeout,
                    cancellationToken,
                    TransientErrors.IsTransient).ConfigureAwait(false);
                return profile.Value.Roles.FirstOrDefault()?.RoleName;
            }
            catch (InstanceProfileToolsException error)
            {
                _context.Log.Verbose($"Could not read the role of instance profile {profileArn}: {error.Message}");
                return null;
            }
        }
    }
}
