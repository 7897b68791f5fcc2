using System;
using System.Linq;
using InstanceProfileTools.Sandbox.State;

namespace InstanceProfileTools.Sandbox.Admin
{
    /// <summary>
    /// What an instance's metadata service serves from now, for the credentials view and the IMDS documents alike:
    /// the association whose profile the instance holds, that profile as IAM has it, the role EC2 sees in it and when
    /// the credentials were last rotated.
    /// </summary>
    public sealed class ServedProfile
    {
        /// <summary>Instance credentials are rotated every hour.</summary>
        public static readonly TimeSpan Rotation = TimeSpan.FromHours(1);

        private ServedProfile(AssociationEntity association, InstanceProfileEntity? profile, string? roleName, DateTimeOffset lastUpdated)
        {
            Association = association;
            Profile = profile;
            RoleName = roleName;
            LastUpdated = lastUpdated;
        }

        /// <summary>
        /// The association the instance holds its profile from: the newest in the replace chain from its active one that
        /// became associated and whose credential refresh time (credentialRefreshMs) has passed.
        /// </summary>
        public AssociationEntity Association { get; }

        /// <summary>
        /// The association's profile; null when it was deleted, or deleted and made again under the same name: the new
        /// one has a new InstanceProfileId (EVIDENCE row 30) and the association still holds the old one's.
        /// </summary>
        public InstanceProfileEntity? Profile { get; }

        /// <summary>The role EC2 sees in the profile now (roleOnProfilePropagationMs); null when it holds none.</summary>
        public string? RoleName { get; }

        /// <summary>When the instance's credentials were last rotated: from when the association served, every hour.</summary>
        public DateTimeOffset LastUpdated { get; }

        /// <summary>What the instance is served now; null when it holds no association's profile (none, or not yet associated).</summary>
        public static ServedProfile? Find(RegionalState where, string instanceId, DateTimeOffset now)
        {
            AssociationEntity? serving = Serving(where.State, where.State.ActiveAssociation(instanceId), now);
            if (serving == null)
            {
                return null;
            }

            InstanceProfileEntity? profile = where.Account.FindProfileByArn(serving.InstanceProfileArn);
            if (profile != null && profile.InstanceProfileId != serving.InstanceProfileId)
            {
                profile = null;
            }

            string? role = profile == null ? null : profile.RolesSeenByEc2(now).FirstOrDefault();
            DateTimeOffset since = serving.CredentialsFrom > serving.AssociatedAt ? serving.CredentialsFrom : serving.AssociatedAt;
            DateTimeOffset lastUpdated = since + TimeSpan.FromTicks(Rotation.Ticks * Math.Max(0, (now - since).Ticks / Rotation.Ticks));
            return new ServedProfile(serving, profile, role, lastUpdated);
        }

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
    }
}
