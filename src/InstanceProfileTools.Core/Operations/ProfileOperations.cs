using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Retry;

namespace InstanceProfileTools.Core.Operations
{
    /// <summary>Instance profiles: create, read, list, wait for and delete, with the module's guards.</summary>
    public sealed class ProfileOperations
    {
        /// <summary>Reads in a row that must agree before a wait believes a profile is ready (Terraform wants three).</summary>
        public const int ConsecutiveReads = 3;

        private readonly OperationContext _context;

        public ProfileOperations(OperationContext context)
        {
            _context = context ?? throw new ArgumentNullException(nameof(context));
        }

        /// <summary>
        /// Creates a profile and, with a role, adds it (retrying while a just-created role is unknown, up to the
        /// propagation timeout). When the role cannot be added the new profile is deleted again, so a rerun starts
        /// clean. With <see cref="WaitOptions.Wait"/>, returns once <see cref="ConsecutiveReads"/> reads in a row show
        /// the profile (with its role), within <see cref="WaitOptions.Timeout"/>. Without it, a profile with a role is
        /// still read until it shows the role once, within <see cref="WaitOptions.PropagationTimeout"/>: the
        /// timeout then plays no part.
        /// </summary>
        public async Task<IamInstanceProfile> CreateAsync(ProfileCreation profile, WaitOptions waits, CancellationToken cancellationToken)
        {
            if (profile is null) throw new ArgumentNullException(nameof(profile));
            if (waits is null) throw new ArgumentNullException(nameof(waits));
            string name = profile.Name;
            if (profile.RoleName is not null && !profile.SkipTrustCheck)
            {
                await Preflight.TrustCheck.RequireAsync(_context, profile.RoleName, waits.PropagationTimeout, cancellationToken).ConfigureAwait(false);
            }

            IamInstanceProfile created = await _context.Iam.CreateInstanceProfileAsync(name, profile.Path, profile.Tags, cancellationToken).ConfigureAwait(false);
            if (profile.RoleName is null)
            {
                return waits.Wait ? await WaitAsync(name, null, waits.Timeout, cancellationToken).ConfigureAwait(false) : created;
            }

            try
            {
                await new ProfileRoleOperations(_context).AddRoleWithRetryAsync(name, profile.RoleName, waits.PropagationTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (InstanceProfileToolsException)
            {
                await DeleteAfterFailedCreateAsync(name).ConfigureAwait(false);
                throw;
            }

            return waits.Wait
                ? await WaitAsync(name, profile.RoleName, waits.Timeout, cancellationToken).ConfigureAwait(false)
                : await WaitAsync(name, profile.RoleName, waits.PropagationTimeout, cancellationToken, consecutive: 1).ConfigureAwait(false);
        }

        /// <summary>GetInstanceProfile; a missing profile is <see cref="ErrorIds.InstanceProfileNotFound"/>.</summary>
        public Task<IamInstanceProfile> GetAsync(string name, CancellationToken cancellationToken) =>
            _context.Iam.GetInstanceProfileAsync(name, cancellationToken);

        /// <summary>One page of ListInstanceProfiles.</summary>
        public Task<Page<IamInstanceProfile>> ListPageAsync(string? pathPrefix, string? marker, CancellationToken cancellationToken) =>
            _context.Iam.ListInstanceProfilesAsync(pathPrefix, marker, null, cancellationToken);

        /// <summary>One page of ListInstanceProfilesForRole; a missing role is <see cref="ErrorIds.RoleNotFound"/>.</summary>
        public Task<Page<IamInstanceProfile>> ListForRolePageAsync(string roleName, string? marker, CancellationToken cancellationToken) =>
            _context.Iam.ListInstanceProfilesForRoleAsync(roleName, marker, null, cancellationToken);

        /// <summary>
        /// Polls until the profile exists (and, with <paramref name="roleName"/>, holds that role) on
        /// <paramref name="consecutive"/> reads in a row; <see cref="ErrorIds.WaitTimedOut"/> after the timeout.
        /// </summary>
        public async Task<IamInstanceProfile> WaitAsync(string name, string? roleName, TimeSpan timeout, CancellationToken cancellationToken, int consecutive = ConsecutiveReads)
        {
            string description = roleName is null ? $"instance profile '{name}' to exist" : $"instance profile '{name}' to hold role '{roleName}'";
            RetryResult<IamInstanceProfile> result = await _context.NewPoller().UntilAsync(
                description,
                name,
                token => _context.Iam.GetInstanceProfileAsync(name, token),
                profile => roleName is null || profile.Roles.Any(role => string.Equals(role.RoleName, roleName, StringComparison.Ordinal)),
                timeout,
                cancellationToken,
                consecutive,
                profile => profile.Roles.Count == 0 ? "no role" : "role " + profile.Roles[0].RoleName).ConfigureAwait(false);
            return result.Value;
        }

        /// <summary>
        /// Deletes a profile. Refuses while instances in any enabled region are associated with it (naming them and
        /// their regions), and while a region cannot be read unless <paramref name="skipUnreadableRegions"/>; a profile
        /// holding a role needs <paramref name="force"/>, which removes the role first.
        /// </summary>
        public async Task RemoveAsync(string name, bool force, bool skipUnreadableRegions, CancellationToken cancellationToken)
        {
            IamInstanceProfile profile = await GetAsync(name, cancellationToken).ConfigureAwait(false);
            await Estate.EstateGuard.RequireUnusedAsync(_context, profile, skipUnreadableRegions,
                "Deleting it would leave them without credentials. Move them first with Set-InstanceRole, or detach it with Unregister-InstanceProfile.",
                cancellationToken).ConfigureAwait(false);

            if (profile.Roles.Count > 0 && !force)
            {
                throw Failures.HasRole(name, profile.Roles[0].RoleName, "Use -Force to remove the role and then delete the profile.");
            }

            foreach (IamRole role in profile.Roles)
            {
                await _context.Iam.RemoveRoleFromInstanceProfileAsync(name, role.RoleName, cancellationToken).ConfigureAwait(false);
            }

            await _context.Iam.DeleteInstanceProfileAsync(name, cancellationToken).ConfigureAwait(false);
        }

        // Best effort: the original failure is what the user needs to see, so a failed clean-up only warns.
        private async Task DeleteAfterFailedCreateAsync(string name)
        {
            try
            {
                _context.Log.Verbose($"The role could not be added to instance profile {name}: deleting the profile again.");
                await _context.Iam.DeleteInstanceProfileAsync(name, CancellationToken.None).ConfigureAwait(false);
            }
            catch (InstanceProfileToolsException error)
            {
                _context.Log.Warning($"Instance profile '{name}' was created but its role could not be added, and deleting it failed too ({error.Message}). Delete it with Remove-InstanceProfile.");
            }
        }
    }
}
