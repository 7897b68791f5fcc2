using InstanceProfileTools.Sandbox.Protocol;

namespace InstanceProfileTools.Sandbox.Iam
{
    /// <summary>IAM's error answers, with the model's codes and statuses and AWS's wording.</summary>
    public static class IamErrors
    {
        /// <summary>InvalidAction: no operation of this name in this API version.</summary>
        public static AwsServiceException UnknownOperation(string action, string version) =>
            new AwsServiceException("InvalidAction", $"Could not find operation {action} for version {version}", 400);

        /// <summary>NoSuchEntity for a profile.</summary>
        public static AwsServiceException NoSuchProfile(string name) =>
            new AwsServiceException("NoSuchEntity", $"Instance Profile {name} cannot be found.", 404);

        /// <summary>NoSuchEntity for a role.</summary>
        public static AwsServiceException NoSuchRole(string name) =>
            new AwsServiceException("NoSuchEntity", $"The role with name {name} cannot be found.", 404);

        /// <summary>NoSuchEntity for a role that exists but is not in the profile.</summary>
        public static AwsServiceException RoleNotInProfile(string roleName, string profileName) =>
            new AwsServiceException("NoSuchEntity", $"Role {roleName} in Instance Profile {profileName} cannot be found.", 404);

        /// <summary>EntityAlreadyExists for a profile.</summary>
        public static AwsServiceException ProfileExists(string name) =>
            new AwsServiceException("EntityAlreadyExists", $"Instance Profile {name} already exists.", 409);

        /// <summary>EntityAlreadyExists for a role.</summary>
        public static AwsServiceException RoleExists(string name) =>
            new AwsServiceException("EntityAlreadyExists", $"Role with name {name} already exists.", 409);

        /// <summary>LimitExceeded: an instance profile holds one role.</summary>
        public static AwsServiceException OneRolePerProfile() =>
            new AwsServiceException("LimitExceeded", "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1", 409);

        /// <summary>DeleteConflict: a profile with a role, or a role in a profile.</summary>
        public static AwsServiceException MustRemoveRoles() =>
            new AwsServiceException("DeleteConflict", "Cannot delete entity, must remove roles from instance profile first.", 409);

        /// <summary>LimitExceeded: a resource holds at most 50 tags.</summary>
        public static AwsServiceException TooManyTags() =>
            new AwsServiceException("LimitExceeded", "The number of tags has reached the maximum limit.", 409);

        /// <summary>InvalidInput: the same tag key twice in one request.</summary>
        public static AwsServiceException DuplicateTagKeys() =>
            new AwsServiceException("InvalidInput", "Duplicate tag keys found. Please note that Tag keys are case insensitive.", 400);

        /// <summary>An unusable Marker.</summary>
        public static AwsServiceException InvalidMarker() =>
            new AwsServiceException("ValidationError", "Invalid Marker.", 400);

        /// <summary>A trust policy that is not JSON.</summary>
        public static AwsServiceException MalformedPolicy() =>
            new AwsServiceException("MalformedPolicyDocument", "This policy contains invalid Json", 400);
    }
}
