using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Operations;
using InstanceProfileTools.Core.Ports;
using InstanceProfileTools.Core.Retry;

namespace InstanceProfileTools.Core.Moves
{
    /// <summary>
    /// Step 1 of a role change: finds the instance profile the instances should run with, or creates one named
    /// after the role (the console's convention). It never changes the role inside an existing profile: other
    /// instances may use that profile, and a removed role takes up to an hour to leave them.
    /// </summary>
    internal sealed class TargetProfileResolver
    {
        private readonly OperationContext _context;
        private readonly RoleChangeOptions _options;

        public TargetProfileResolver(OperationContext context, RoleChangeOptions options)
        {
            _context = context;
            _options = options;
        }

        /// <summary>
        /// Finds the target without changing anything. Answers null when, with a role name, no profile holds the
        /// role and one would be created.
        /// </summary>
        public async Task<TargetProfile?> FindAsync(CancellationToken cancellationToken)
        {
            if (_options.InstanceProfileName is string name)
            {
                IamInstanceProfile profile = await ReadAsync(ct => _context.Iam.GetInstanceProfileAsync(name, ct), $"GetInstanceProfile {name}", cancellationToken).ConfigureAwait(false);
                TargetProfile named = FromNamedProfile(profile);
                await CheckTrustAsync(named.RoleName, cancellationToken).ConfigureAwait(false);
                return named;
            }

            string roleName = _options.RoleName!;
            await CheckTrustAsync(roleName, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<IamInstanceProfile> candidates = await ProfilesHoldingAsync(roleName, cancellationToken).ConfigureAwait(false);
            IamInstanceProfile? chosen = Choose(roleName, candidates);
            if (chosen is not null)
            {
                return new TargetProfile(chosen.InstanceProfileName, chosen.Arn, roleName, Created: false);
            }

            if (_options.NoCreate)
            {
                throw new InstanceProfileToolsException(ErrorIds.InstanceProfileNotFound, FailureKind.ObjectNotFound, roleName,
                    $"No instance profile holds role '{roleName}', and -NoCreate forbids creating one. " +
                    $"Drop -NoCreate to create profile '{roleName}' with the role, or create one with New-InstanceProfile -RoleName {roleName}.");
            }

            return null;
        }

        /// <summary>Finds the target, creating it (and waiting until it is visible with its role) when needed.</summary>
        public async Task<TargetProfile> ResolveAsync(CancellationToken cancellationToken)
        {
            TargetProfile? found = await FindAsync(cancellationToken).ConfigureAwait(false);
            return found ?? await CreateAsync(_options.RoleName!, cancellationToken).ConfigureAwait(false);
        }

        private static IamInstanceProfile? Choose(string roleName, IReadOnlyList<IamInstanceProfile> candidates)
        {
            IamInstanceProfile? namedAfterRole = candidates.FirstOrDefault(p => p.InstanceProfileName == roleName);
            if (namedAfterRole is not null || candidates.Count <= 1)
            {
                return namedAfterRole ?? candidates.FirstOrDefault();
            }

            string names = string.Join(", ", candidates.Select(p => $"'{p.InstanceProfileName}'"));
            throw new InstanceProfileToolsException(ErrorIds.AmbiguousInstanceProfile, FailureKind.InvalidArgument, roleName,
                $"{candidates.Count} instance profiles hold role '{roleName}' ({names}) and none is named after it. " +
                "Pick one with -InstanceProfileName.");
        }

        private static TargetProfile FromNamedProfile(IamInstanceProfile profile)
        {
            if (profile.Roles.Count == 0)
            {
                throw new InstanceProfileToolsException(ErrorIds.RoleNotFound, FailureKind.InvalidOperation, profile.InstanceProfileName,
                    $"Instance profile '{profile.InstanceProfileName}' holds no role, so an instance on it would have no credentials. " +
                    $"Add one with Add-ProfileRole -InstanceProfileName {profile.InstanceProfileName} -RoleName <role>, or use Set-InstanceRole -RoleName.");
            }

            return new TargetProfile(profile.InstanceProfileName, profile.Arn, profile.Roles[0].RoleName, Created: false);
        }

        private static bool Holds(IamInstanceProfile profile, string roleName) =>
            profile.Roles.Count == 1 && profile.Roles[0].RoleName == roleName;

        private async Task<IReadOnlyList<IamInstanceProfile>> ProfilesHoldingAsync(string roleName, CancellationToken cancellationToken)
        {
            IReadOnlyList<IamInstanceProfile> profiles = await Paging.ReadAllAsync(
                (marker, ct) => ReadAsync(
                    inner => _context.Iam.ListInstanceProfilesForRoleAsync(roleName, marker, null, inner),
                    $"ListInstanceProfilesForRole {roleName}",
                    ct),
                cancellationToken).ConfigureAwait(false);
            return profiles.Where(profile => Holds(profile, roleName)).ToList();
        }

        // The same creation as New-InstanceProfile -RoleName -Wait: create, add the role (retrying a just-created
        // role), delete the profile again if the role cannot be added, then wait until reads show it with its role.
        private async Task<TargetProfile> CreateAsync(string roleName, CancellationToken cancellationToken)
        {
            _context.Log.Verbose($"No instance profile holds role '{roleName}': creating profile '{roleName}' with it.");
            try
            {
                IamInstanceProfile profile = await new ProfileOperations(_context).CreateAsync(
                    // The trust was checked when the target was sought.
                    new ProfileCreation(roleName) { RoleName = roleName, SkipTrustCheck = true }, new WaitOptions(_options.PropagationTimeout, true, _options.PropagationTimeout), cancellationToken).ConfigureAwait(false);
                return new TargetProfile(profile.InstanceProfileName, profile.Arn, roleName, Created: true);
            }
            catch (AwsServiceException error) when (error.ErrorCode == "EntityAlreadyExists")
            {
                return await AdoptConcurrentlyCreatedAsync(roleName, error, cancellationToken).ConfigureAwait(false);
            }
        }

        // Another run created the profile between our list and our create; it is ours to use only if it holds the role.
        // IAM is eventually consistent: the rival's profile may be unknown to reads, or still without its role, for a
        // while after our create was refused, so it is waited for (within the propagation timeout), not read once.
        private async Task<TargetProfile> AdoptConcurrentlyCreatedAsync(string roleName, AwsServiceException conflict, CancellationToken cancellationToken)
        {
            _context.Log.Verbose($"Instance profile '{roleName}' was created by someone else meanwhile; waiting for it to be visible with its role.");
            IamInstanceProfile existing = (await _context.NewPoller().UntilAsync(
                $"instance profile '{roleName}', created by another run, to hold a role",
                roleName,
                ct => _context.Iam.GetInstanceProfileAsync(roleName, ct),
                profile => profile.Roles.Count > 0,
                _options.PropagationTimeout,
                cancellationToken,
                describe: profile => profile.Roles.Count == 0 ? "no role yet" : $"role '{profile.Roles[0].RoleName}'").ConfigureAwait(false)).Value;
            if (Holds(existing, roleName))
            {
                return new TargetProfile(existing.InstanceProfileName, existing.Arn, roleName, Created: false);
            }

            string holds = existing.Roles.Count == 0 ? "no role" : $"role '{existing.Roles[0].RoleName}'";
            throw new InstanceProfileToolsException(ErrorIds.InstanceProfileAlreadyExists, FailureKind.ResourceExists, roleName,
                $"Instance profile '{roleName}' exists but holds {holds}, not role '{roleName}'; it is not changed, since other instances may use it. " +
                $"Name another profile with -InstanceProfileName, or create one with New-InstanceProfile -Name <name> -RoleName {roleName}.",
                conflict);
        }

        // Before any instance moves: a role EC2 may not assume would leave every instance without credentials.
        private Task CheckTrustAsync(string roleName, CancellationToken cancellationToken) =>
            _options.SkipTrustCheck ? Task.CompletedTask : Preflight.TrustCheck.RequireAsync(_context, roleName, _options.PropagationTimeout, cancellationToken);

        private async Task<T> ReadAsync<T>(Func<CancellationToken, Task<T>> read, string description, CancellationToken cancellationToken)
        {
            _context.Log.Verbose(description);
            RetryResult<T> result = await _context.NewPropagationRetry().RunAsync(
                description, read, _options.PropagationTimeout, cancellationToken, TransientErrors.IsTransient).ConfigureAwait(false);
            return result.Value;
        }
    }
}
