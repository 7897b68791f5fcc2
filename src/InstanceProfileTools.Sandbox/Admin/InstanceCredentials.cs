using System;
using System.Globalization;
using System.Linq;
using InstanceProfileTools.Sandbox.State;

namespace InstanceProfileTools.Sandbox.Admin
{
    /// <summary>
    /// What an instance would read from the instance metadata service (iam/security-credentials/ROLE) now: which
    /// association's role its credentials come from, following replaces while credentialRefreshMs keeps the
    /// previous role, and whether that role is one of the settings' brokenRoles. Never a secret: the answer has
    /// no SecretAccessKey and no Token, and its AccessKeyId is a made-up ASIA id.
    /// </summary>
    public static class InstanceCredentials
    {
        /// <summary>Instance credentials last as long as IMDS's usually do, and are rotated every hour.</summary>
        private static readonly TimeSpan s_lifetime = TimeSpan.FromHours(6);
        private static readonly TimeSpan s_rotation = TimeSpan.FromHours(1);

        /// <summary>
        /// The instance's view in IMDS's JSON shape, with the account and region it lives in; null when the instance
        /// is unknown (in the account and region named, when they are). Call holding the store's lock.
        /// </summary>
        public static object? Describe(SandboxStore store, string instanceId, string? accountId = null, string? region = null)
        {
            RegionalState? where = store.State.FindInstance(instanceId, accountId, region);
            if (where == null)
            {
                return null;
            }

            RegionState state = where.State;
            InstanceEntity instance = state.Instances[instanceId];
            DateTimeOffset now = store.Clock.UtcNow;
            AssociationEntity? serving = Serving(state, state.ActiveAssociation(instanceId), now);
            if (serving == null)
            {
                return NoCredentials(where, instance, "The instance has no associated instance profile whose credentials it has received.");
            }

            InstanceProfileEntity? profile = where.Account.FindProfileByArn(serving.InstanceProfileArn);
            if (profile == null)
            {
                return NoCredentials(where, instance, $"The instance profile {serving.InstanceProfileArn} no longer exists.");
            }

            string? role = (now < profile.RolesVisibleToEc2At ? profile.PreviousRoleNames : profile.RoleNames).FirstOrDefault();
            if (role == null)
            {
                return NoCredentials(where, instance, $"The instance profile {profile.Arn} holds no role.");
            }

            DateTimeOffset since = serving.CredentialsFrom > serving.AssociatedAt ? serving.CredentialsFrom : serving.AssociatedAt;
            DateTimeOffset lastUpdated = since + TimeSpan.FromTicks(s_rotation.Ticks * Math.Max(0, (now - since).Ticks / s_rotation.Ticks));
            return new
            {
                Code = "Success",
                LastUpdated = Date(lastUpdated),
                Type = "AWS-HMAC",
                AccessKeyId = FakeAccessKeyId(serving.AssociationId, lastUpdated),
                Expiration = Date(lastUpdated + s_lifetime),
                RoleName = role,
                InstanceProfileArn = profile.Arn,
                AssociationId = serving.AssociationId,
                InstanceId = instance.InstanceId,
                InstanceState = instance.State,
                AccountId = where.AccountId,
                Region = where.Region,
                Healthy = !store.Settings.BrokenRoles.Contains(role, StringComparer.OrdinalIgnoreCase),
            };
        }

        /// <summary>
        /// The association whose role the instance holds: the newest in the replace chain from the active one that
        /// became associated and whose refresh time has passed. A disassociated instance has none.
        /// </summary>
        private static AssociationEntity? Serving(RegionState state, AssociationEntity? active, DateTimeOffset now)
        {
            for (AssociationEntity? a = active; a != null; a = a.ReplacesAssociationId == null ? null : state.FindAssociation(a.ReplacesAssociationId))
            {
                bool wasAssociated = !a.Stuck && a.AssociatedAt <= (a.RetiredAt ?? now);
                if (wasAssociated && now >= a.CredentialsFrom)
                {
                    return a;
                }
            }

            return null;
        }

        private static object NoCredentials(RegionalState where, InstanceEntity instance, string message) => new
        {
            Code = "NoCredentials",
            Message = message,
            InstanceId = instance.InstanceId,
            InstanceState = instance.State,
            AccountId = where.AccountId,
            Region = where.Region,
            Healthy = false,
        };

        private static string Date(DateTimeOffset time) =>
            time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        /// <summary>An ASIA... id (temporary credentials' prefix) that changes with the association and each rotation.</summary>
        private static string FakeAccessKeyId(string associationId, DateTimeOffset lastUpdated) =>
            IdGenerator.Derived("ASIA", associationId + "@" + lastUpdated.UtcTicks.ToString(CultureInfo.InvariantCulture), 16);
    }
}
