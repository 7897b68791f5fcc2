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
        /// <summary>Instance credentials last as long as IMDS's usually do.</summary>
        public static readonly TimeSpan Lifetime = TimeSpan.FromHours(6);

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

            InstanceEntity instance = where.State.Instances[instanceId];
            ServedProfile? served = ServedProfile.Find(where, instanceId, store.Clock.UtcNow);
            if (served == null)
            {
                return NoCredentials(where, instance, "The instance has no associated instance profile whose credentials it has received.");
            }

            if (served.Profile == null)
            {
                return NoCredentials(where, instance, $"The instance profile {served.Association.InstanceProfileArn} no longer exists.");
            }

            if (served.RoleName is not string role)
            {
                return NoCredentials(where, instance, $"The instance profile {served.Profile.Arn} holds no role.");
            }

            return new
            {
                Code = "Success",
                LastUpdated = Date(served.LastUpdated),
                Type = "AWS-HMAC",
                AccessKeyId = FakeAccessKeyId(served.Association.AssociationId, served.LastUpdated),
                Expiration = Date(served.LastUpdated + Lifetime),
                RoleName = role,
                InstanceProfileArn = served.Profile.Arn,
                AssociationId = served.Association.AssociationId,
                InstanceId = instance.InstanceId,
                InstanceState = instance.State,
                AccountId = where.AccountId,
                Region = where.Region,
                Healthy = !store.Settings.BrokenRoles.Contains(role, StringComparer.OrdinalIgnoreCase),
            };
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

        /// <summary>IMDS's timestamps: ISO-8601 UTC, whole seconds.</summary>
        public static string Date(DateTimeOffset time) =>
            time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        /// <summary>An ASIA... id (temporary credentials' prefix) that changes with the association and each rotation.</summary>
        private static string FakeAccessKeyId(string associationId, DateTimeOffset lastUpdated) =>
            IdGenerator.Derived("ASIA", associationId + "@" + lastUpdated.UtcTicks.ToString(CultureInfo.InvariantCulture), 16);
    }
}
