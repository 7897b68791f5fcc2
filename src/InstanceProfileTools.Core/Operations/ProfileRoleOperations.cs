using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.Model;

namespace InstanceProfileTools.Core.Operations
{
    /// <summary>The one role of an instance profile: add it (retrying a just-created role) and remove it (guarded).</summary>
    public sealed class ProfileRoleOperations
    {
        private const string ChangeSafely =
            "To change the role an instance runs with, use Set-InstanceRole, which moves the instance to a profile holding the new role.";

        private readonly OperationContext _context;

        public ProfileRoleOperations(OperationContext context)
        {
            _context = context ?? throw new ArgumentNullException(nameof(context));
        }

        /// <summary>
        /// Adds a role to a profile that holds none. A profile that already holds this role is left as it is; one
        /// holding another role is <see cref="ErrorIds.InstanceProfileHasRole"/>. Unless <paramref name="skipTrustCheck"/>,
        /// a role EC2 may not assume is <see cref="ErrorIds.RoleNotAssumableByEc2"/>, before any change.
        /// </summary>
        public async Task<IamInstanceProfile> AddAsync(string name, string roleName, bool skipTrustCheck, TimeSpan propagationTimeout, CancellationToken cancellationToken)
        {
            var profiles = new ProfileOperations(_context);
            IamInstanceProfile profile = await profiles.GetAsync(name, cancellationToken).ConfigureAwait(false);
            IamRole? current = profile.Roles.FirstOrDefault();
            if (current is not null)
            {
                if (string.Equals(current.RoleName, roleName, StringComparison.Ordinal))
                {
                    _context.Log.Verbose($"Instance profile {name} already holds role {roleName}; nothing to do.");
                    return profile;
                }

                throw Failures.HasRole(name, current.RoleName, ChangeSafely);
            }

            if (!skipTrustCheck)
            {
                await Preflight.TrustCheck.RequireAsync(_context, roleName, propagationTimeout, cancellationToken).ConfigureAwait(false);
            }

            await AddRoleWithRetryAsync(name, roleName, propagationTimeout, cancellationToken).ConfigureAwait(false);
            return await profiles.WaitAsync(name, roleName, propagationTimeout, cancellationToken, consecutive: 1).ConfigureAwait(false);
        }

        /// <summary>
        /// AddRoleToInstanceProfile, retried while IAM does not know a just-created role yet, up to
        /// <paramref name="propagationTimeout"/>; a role unknown for that long is <see cref="ErrorIds.RoleNotFound"/>.
        /// </summary>
        public async Task AddRoleWithRetryAsync(string name, string roleName, TimeSpan propagationTimeout, CancellationToken cancellationToken)
        {
            try
            {
                await _context.NewPropagationRetry().RunAsync(
                    $"AddRoleToInstanceProfile {name} {roleName}",
                    token => _context.Iam.AddRoleToInstanceProfileAsync(name, roleName, token),
                    propagationTimeout,
                    cancellationToken).ConfigureAwait(false);
            }
            catch (InstanceProfileToolsException error) when (error.ErrorId == ErrorIds.InstanceProfileNotReady)
            {
                throw Failures.RoleNotFound(error, roleName, propagationTimeout);
            }
        }

        /// <summary>
        /// Removes the profile's role (or, with <paramref name="roleName"/>, checks it is that one). While instances
        /// in any enabled region use the profile this needs <paramref name="force"/>: they lose the role's permissions,
        /// up to an hour later. Without it, a region that cannot be read refuses the removal too, unless
        /// <paramref name="skipUnreadableRegions"/>.
        /// </summary>
        public async Task<IamInstanceProfile> RemoveAsync(string name, string? roleName, bool force, bool skipUnreadableRegions, CancellationToken cancellationToken)
        {
            var profiles = new ProfileOperations(_context);
            IamInstanceProfile profile = await profiles.GetAsync(name, cancellationToken).ConfigureAwait(false);
            IamRole? current = profile.Roles.FirstOrDefault();
            if (current is null || (roleName is not null && !string.Equals(current.RoleName, roleName, StringComparison.Ordinal)))
            {
                string holds = current is null ? "holds no role" : $"holds role '{current.RoleName}'";
                throw new InstanceProfileToolsException(ErrorIds.RoleNotFound, FailureKind.ObjectNotFound, roleName ?? name,
                    $"Instance profile '{name}' {holds}; there is {(roleName is null ? "no role" : $"no role '{roleName}'")} to remove.");
            }

            if (!force)
            {
                await Estate.EstateGuard.RequireUnusedAsync(_context, profile, skipUnreadableRegions,
                    "Removing its role changes their permissions with a delay of up to an hour, on every instance at once. " +
                    "To change an instance's role, use Set-InstanceRole; to remove the role anyway, use -Force.",
                    cancellationToken).ConfigureAwait(false);
            }

            await _context.Iam.RemoveRoleFromInstanceProfileAsync(name, current.RoleName, cancellationToken).ConfigureAwait(false);
            return profile with { Roles = Array.Empty<IamRole>() };
        }
    }
}
