namespace InstanceProfileTools.Core
{
    /// <summary>
    /// The stable error ids. PowerShell appends the cmdlet's class name, so scripts match
    /// <c>InstanceProfileNotFound,InstanceProfileTools.Commands.GetInstanceProfileCommand</c>. Never rename one.
    /// </summary>
    public static class ErrorIds
    {
        // Input rejected before any call.
        public const string InvalidInstanceProfileName = nameof(InvalidInstanceProfileName);
        public const string InvalidRoleName = nameof(InvalidRoleName);
        public const string InvalidPath = nameof(InvalidPath);
        public const string InvalidTag = nameof(InvalidTag);
        public const string InvalidInstanceId = nameof(InvalidInstanceId);
        public const string InvalidAssociationId = nameof(InvalidAssociationId);
        public const string InvalidInstanceProfileArn = nameof(InvalidInstanceProfileArn);
        public const string InvalidParameter = nameof(InvalidParameter);
        public const string InvalidCredential = nameof(InvalidCredential);

        // Not found.
        public const string InstanceProfileNotFound = nameof(InstanceProfileNotFound);
        public const string RoleNotFound = nameof(RoleNotFound);
        public const string InstanceNotFound = nameof(InstanceNotFound);
        public const string AssociationNotFound = nameof(AssociationNotFound);

        // Conflicts with the state of things.
        public const string InstanceProfileAlreadyExists = nameof(InstanceProfileAlreadyExists);
        public const string RoleAlreadyExists = nameof(RoleAlreadyExists);
        public const string InstanceProfileHasRole = nameof(InstanceProfileHasRole);
        public const string InstanceProfileInUse = nameof(InstanceProfileInUse);
        public const string RoleInUse = nameof(RoleInUse);
        public const string InstanceAlreadyAssociated = nameof(InstanceAlreadyAssociated);
        public const string IncorrectState = nameof(IncorrectState);
        public const string AmbiguousInstanceProfile = nameof(AmbiguousInstanceProfile);
        public const string LimitExceeded = nameof(LimitExceeded);

        // Propagation, waits, role changes.
        public const string InstanceProfileNotReady = nameof(InstanceProfileNotReady);
        public const string WaitTimedOut = nameof(WaitTimedOut);
        public const string RoleChangeFailed = nameof(RoleChangeFailed);
        public const string RoleChangeRolledBack = nameof(RoleChangeRolledBack);

        /// <summary>Someone else changed the instance's association while the module was changing it; it was left as it is.</summary>
        public const string InstanceChangedElsewhere = nameof(InstanceChangedElsewhere);

        /// <summary>An undo would leave an instance without a profile (it had none), which needs -Force.</summary>
        public const string NoPreviousProfile = nameof(NoPreviousProfile);

        /// <summary>The journal could not be written (a full disk, a lost share): the run stops starting instances.</summary>
        public const string JournalWriteFailed = nameof(JournalWriteFailed);

        /// <summary>A journal names an account, region or profile the command is not connected to: nothing is undone.</summary>
        public const string JournalNotTrusted = nameof(JournalNotTrusted);

        /// <summary>Ctrl+C stopped a change after its call went through, before it was verified.</summary>
        public const string RoleChangeStopped = nameof(RoleChangeStopped);

        /// <summary>A staged rollout stopped: a wave's health check failed, or too many instances did.</summary>
        public const string RolloutHalted = nameof(RolloutHalted);

        /// <summary>An undo found a launch template's default version changed since the journal's run: it is left alone.</summary>
        public const string LaunchTemplateChangedElsewhere = nameof(LaunchTemplateChangedElsewhere);

        /// <summary>A role's trust policy does not let ec2.amazonaws.com call sts:AssumeRole, so an instance given it gets no credentials.</summary>
        public const string RoleNotAssumableByEc2 = nameof(RoleNotAssumableByEc2);

        /// <summary>A region enabled for the account could not be read (not enabled there, access denied): a guard cannot vouch for it.</summary>
        public const string RegionUnreadable = nameof(RegionUnreadable);

        /// <summary>The account's enabled regions could not be listed (DescribeRegions failed): no region can be vouched for.</summary>
        public const string RegionListUnreadable = nameof(RegionListUnreadable);

        // The service and the connection.
        public const string AccessDenied = nameof(AccessDenied);

        /// <summary>The caller may not pass the role to EC2 (iam:PassRole): no instance of the run can get it.</summary>
        public const string PassRoleDenied = nameof(PassRoleDenied);
        public const string AuthenticationFailed = nameof(AuthenticationFailed);
        public const string NoCredentials = nameof(NoCredentials);

        /// <summary>STS refused to let the profile's source credentials assume its role (AccessDenied on AssumeRole).</summary>
        public const string AssumeRoleDenied = nameof(AssumeRoleDenied);
        public const string NoRegion = nameof(NoRegion);
        public const string Throttled = nameof(Throttled);
        public const string ServiceUnavailable = nameof(ServiceUnavailable);
        public const string EndpointUnreachable = nameof(EndpointUnreachable);
        public const string AwsError = nameof(AwsError);
    }
}
