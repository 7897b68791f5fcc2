using System;
using System.Collections;
using System.Globalization;
using InstanceProfileTools.Core.Estate;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Validation;

namespace InstanceProfileTools
{
    /// <summary>Turns Core's model records into the module's output types, in one place.</summary>
    public static class OutputMapper
    {
        public static InstanceProfile ToInstanceProfile(IamInstanceProfile profile)
        {
            if (profile is null) throw new ArgumentNullException(nameof(profile));
            InstanceProfileRole? role = profile.Roles.Count > 0 ? ToRole(profile.Roles[0]) : null;
            var tags = new Hashtable(StringComparer.Ordinal);
            foreach (Tag tag in profile.Tags)
            {
                tags[tag.Key] = tag.Value;
            }

            return new InstanceProfile
            {
                InstanceProfileName = profile.InstanceProfileName,
                InstanceProfileId = profile.InstanceProfileId,
                Arn = profile.Arn,
                Path = profile.Path,
                CreateDate = profile.CreateDate,
                RoleName = role?.RoleName,
                Role = role,
                Tags = tags,
            };
        }

        public static InstanceProfileRole ToRole(IamRole role)
        {
            if (role is null) throw new ArgumentNullException(nameof(role));
            return new InstanceProfileRole
            {
                RoleName = role.RoleName,
                RoleId = role.RoleId,
                Arn = role.Arn,
                Path = role.Path,
                CreateDate = role.CreateDate,
            };
        }

        /// <param name="place">The account and region it was read in, when the command knows them.</param>
        public static InstanceProfileAssociation ToAssociation(ProfileAssociation association, Place? place = null)
        {
            if (association is null) throw new ArgumentNullException(nameof(association));
            return new InstanceProfileAssociation
            {
                Region = place?.Region,
                AccountId = place?.AccountId,
                AssociationId = association.AssociationId,
                InstanceId = association.InstanceId,
                InstanceProfileArn = association.InstanceProfileArn,
                InstanceProfileName = NameFromArn(association.InstanceProfileArn),
                State = StateName(association.State),
                Timestamp = association.Timestamp,
            };
        }

        public static InstanceProfileTag ToTag(Tag tag, string instanceProfileName)
        {
            if (tag is null) throw new ArgumentNullException(nameof(tag));
            return new InstanceProfileTag { Key = tag.Key, Value = tag.Value, InstanceProfileName = instanceProfileName };
        }

        /// <summary>An instance with no association gets an InstanceRole with only its id.</summary>
        public static InstanceRole ToInstanceRole(string instanceId, ProfileAssociation? association, IamInstanceProfile? profile, Place place)
        {
            IamRole? role = profile is not null && profile.Roles.Count > 0 ? profile.Roles[0] : null;
            return new InstanceRole
            {
                Region = place.Region,
                AccountId = place.AccountId,
                InstanceId = instanceId,
                AssociationId = association?.AssociationId,
                State = association is null ? null : StateName(association.State),
                InstanceProfileArn = association?.InstanceProfileArn,
                InstanceProfileName = profile?.InstanceProfileName ?? NameFromArn(association?.InstanceProfileArn),
                RoleName = role?.RoleName,
                RoleArn = role?.Arn,
            };
        }

        /// <summary>EC2's wire spelling of a state: associating, associated, disassociating, disassociated.</summary>
        public static string StateName(AssociationState state) => state.ToString().ToLower(CultureInfo.InvariantCulture);

        /// <summary>The profile name at the end of an instance profile ARN, or null when it is not one.</summary>
        public static string? NameFromArn(string? arn) =>
            InstanceProfileArn.TryParse(arn, out InstanceProfileArn? parsed) ? parsed!.Name : null;
    }
}
