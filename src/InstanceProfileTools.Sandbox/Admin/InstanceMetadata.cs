using System;
using System.Collections.Generic;
using System.Globalization;
using InstanceProfileTools.Sandbox.Identity;
using InstanceProfileTools.Sandbox.State;

namespace InstanceProfileTools.Sandbox.Admin
{
    /// <summary>
    /// The IAM documents of an instance's metadata service (latest/meta-data/iam/...), as the instance would read them
    /// now, derived from the profile it is served (<see cref="ServedProfile"/>) and from whether its role's trust
    /// policy lets ec2.amazonaws.com assume it. Shapes and codes (EVIDENCE row 27):
    /// <list type="bullet">
    /// <item>iam/info: {Code: Success, LastUpdated, InstanceProfileArn, InstanceProfileId} (aws-toolkit-vscode's
    /// IamInfo; athenz/athenz and many public transcripts); Code InstanceProfileNotFound when the profile is gone;
    /// "Instance Profile does not contain a role" when it holds none (IAM User Guide, "Troubleshoot IAM and Amazon EC2").</item>
    /// <item>iam/security-credentials/: the role's name, as text.</item>
    /// <item>iam/security-credentials/ROLE: {Code: Success, LastUpdated, Type: AWS-HMAC, AccessKeyId, SecretAccessKey,
    /// Token, Expiration} (botocore PR #1519, rusoto/rusoto#7), or, with HTTP 200 still, {Code: AssumeRoleUnauthorizedAccess,
    /// Message: "EC2 cannot assume the role ROLE. ...", LastUpdated} when the trust policy leaves EC2 out (aws/aws-cli#2060,
    /// botocore PR #1519).</item>
    /// <item>No profile, or no such role: 404 (boto/botocore#14, ex-aws/ex_aws#449, rusoto/rusoto#7).</item>
    /// </list>
    /// The credentials are real sandbox session credentials for the role, minted through the STS session registry
    /// once per association and hourly rotation, so that they sign requests to the sandbox; nothing logs them.
    /// </summary>
    public static class InstanceMetadata
    {
        /// <summary>The service principal EC2 assumes an instance's role as.</summary>
        public const string Ec2ServicePrincipal = "ec2.amazonaws.com";

        /// <summary>The message the empty profile's iam/info carries (EVIDENCE row 27).</summary>
        public const string NoRoleMessage = "Instance Profile does not contain a role.";

        /// <summary>The code the sandbox gives the empty profile's iam/info: no AWS evidence names it; match the message.</summary>
        public const string NoRoleCode = "NoRoleInInstanceProfile";

        /// <summary>iam/info; null for an unknown instance. Call holding the store's lock.</summary>
        public static MetadataAnswer? IamInfo(SandboxStore store, string instanceId, string? accountId, string? region)
        {
            if (Served(store, instanceId, accountId, region, out ServedProfile? served) is not RegionalState)
            {
                return null;
            }

            if (served == null)
            {
                return NoProfile(instanceId);
            }

            if (served.Profile == null)
            {
                return Failure(served, "InstanceProfileNotFound",
                    $"Instance Profile {served.Association.InstanceProfileArn} (id {served.Association.InstanceProfileId}) does not exist.");
            }

            return served.RoleName == null
                ? Failure(served, NoRoleCode, NoRoleMessage)
                : MetadataAnswer.Json(new
                {
                    Code = "Success",
                    LastUpdated = InstanceCredentials.Date(served.LastUpdated),
                    InstanceProfileArn = served.Profile.Arn,
                    InstanceProfileId = served.Profile.InstanceProfileId,
                });
        }

        /// <summary>
        /// iam/security-credentials/ (the role's name) when <paramref name="roleName"/> is null, else
        /// iam/security-credentials/ROLE; null for an unknown instance. Call holding the store's lock.
        /// </summary>
        public static MetadataAnswer? SecurityCredentials(SandboxStore store, string instanceId, string? roleName, string? accountId, string? region)
        {
            if (Served(store, instanceId, accountId, region, out ServedProfile? served) is not RegionalState where)
            {
                return null;
            }

            if (served?.Profile == null || served.RoleName == null)
            {
                return NoProfile(instanceId);
            }

            if (roleName == null)
            {
                return MetadataAnswer.Listing(served.RoleName);
            }

            // IMDS's paths are case-sensitive: only the role's own name finds its document.
            if (!string.Equals(roleName, served.RoleName, StringComparison.Ordinal))
            {
                return MetadataAnswer.NotFound(instanceId, $"the instance's role is {served.RoleName}, not {roleName}");
            }

            RoleEntity? role = where.Account.Roles.GetValueOrDefault(served.RoleName);
            if (role == null || !TrustPolicy.AllowsService(role.AssumeRolePolicyDocument, Ec2ServicePrincipal))
            {
                // Two spaces after the first sentence, as IMDS writes it.
                return Failure(served, "AssumeRoleUnauthorizedAccess",
                    $"EC2 cannot assume the role {served.RoleName}.  Please see documentation at http://docs.amazonwebservices.com/IAM/latest/UserGuide/RolesTroubleshooting.html.");
            }

            RoleSession session = Mint(store, where, served, role, instanceId);
            return MetadataAnswer.Json(new
            {
                Code = "Success",
                LastUpdated = InstanceCredentials.Date(served.LastUpdated),
                Type = "AWS-HMAC",
                session.AccessKeyId,
                session.SecretAccessKey,
                Token = session.SessionToken,
                Expiration = InstanceCredentials.Date(session.Expiration),
            });
        }

        /// <summary>Where the instance lives (null when unknown) and what it is served there now.</summary>
        private static RegionalState? Served(SandboxStore store, string instanceId, string? accountId, string? region, out ServedProfile? served)
        {
            RegionalState? where = store.State.FindInstance(instanceId, accountId, region);
            served = where == null ? null : ServedProfile.Find(where, instanceId, store.Clock.UtcNow);
            return where;
        }

        /// <summary>
        /// The instance's session for this association and rotation: session name the instance id, as EC2 names it,
        /// expiring <see cref="InstanceCredentials.Lifetime"/> after the rotation, in whole seconds.
        /// </summary>
        private static RoleSession Mint(SandboxStore store, RegionalState where, ServedProfile served, RoleEntity role, string instanceId)
        {
            DateTimeOffset expiration = served.LastUpdated + InstanceCredentials.Lifetime;
            expiration = expiration.AddTicks(-(expiration.Ticks % TimeSpan.TicksPerSecond));
            string purpose = $"instance:{served.Association.AssociationId}:{role.RoleId}@{served.LastUpdated.UtcTicks.ToString(CultureInfo.InvariantCulture)}";
            return store.Sessions.MintOnce(purpose, role, where.AccountId, instanceId, expiration);
        }

        /// <summary>A document that is not Success: IMDS's Code, Message and LastUpdated, still with HTTP 200.</summary>
        private static MetadataAnswer Failure(ServedProfile served, string code, string message) =>
            MetadataAnswer.Json(new { Code = code, Message = message, LastUpdated = InstanceCredentials.Date(served.LastUpdated) });

        private static MetadataAnswer NoProfile(string instanceId) =>
            MetadataAnswer.NotFound(instanceId, "the instance holds no instance profile with a role, so its metadata service has no iam/ documents");
    }
}
