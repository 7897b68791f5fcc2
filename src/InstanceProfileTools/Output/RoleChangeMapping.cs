using InstanceProfileTools.Core.Estate;
using InstanceProfileTools.Core.Moves;
using InstanceProfileTools.Core.Validation;

namespace InstanceProfileTools
{
    /// <summary>Turns the engine's result for one instance into the module's <see cref="RoleChange"/>.</summary>
    internal static class RoleChangeMapping
    {
        /// <param name="place">The account and region the instance is in.</param>
        /// <param name="wave">The rollout wave, when in waves.</param>
        public static RoleChange ToRoleChange(RoleChangeResult result, Place place, int? wave) => new()
        {
            InstanceId = result.InstanceId,
            Region = place.Region,
            AccountId = place.AccountId,
            Wave = wave,
            Changed = result.Changed,
            Method = result.Method.ToString(),
            PreviousInstanceProfileArn = result.PreviousInstanceProfileArn,
            PreviousRoleName = result.PreviousRoleName,
            // Where the instance is as last read, which after a failure may differ from the target.
            InstanceProfileName = InstanceProfileArn.TryParse(result.InstanceProfileArn, out InstanceProfileArn? arn) ? arn!.Name : null,
            InstanceProfileArn = result.InstanceProfileArn,
            RoleName = result.RoleName,
            ProfileCreated = result.Target?.Created ?? false,
            AssociationId = result.AssociationId,
            State = result.State is { } state ? OutputMapper.StateName(state) : null,
            Attempts = result.Attempts,
            Duration = result.Duration,
            RolledBack = result.RolledBack,
            Error = result.Error?.Message,
        };
    }
}
