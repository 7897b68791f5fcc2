using System;
using System.Net;
using System.Net.Http;
using Amazon.Runtime;
using InstanceProfileTools.Core;
using InstanceProfileTools.Core.Diagnostics;
using InstanceProfileTools.Core.ErrorMapping;
using InstanceProfileTools.Core.Operations;
using Xunit;

namespace InstanceProfileTools.Core.Tests.ErrorMapping
{
    /// <summary>Service error codes, per operation, to the module's error ids and kinds.</summary>
    [Trait("Category", "Unit")]
    public sealed class AwsErrorMapTests
    {
        [Theory]
        [InlineData("GetInstanceProfile", "NoSuchEntity", "Instance Profile web cannot be found.", ErrorIds.InstanceProfileNotFound, FailureKind.ObjectNotFound, "web")]
        [InlineData("AddRoleToInstanceProfile", "NoSuchEntity", "The role with name web-role cannot be found.", ErrorIds.RoleNotFound, FailureKind.ObjectNotFound, "web-role")]
        [InlineData("AddRoleToInstanceProfile", "NoSuchEntity", "Instance Profile web cannot be found.", ErrorIds.InstanceProfileNotFound, FailureKind.ObjectNotFound, "web")]
        [InlineData("RemoveRoleFromInstanceProfile", "NoSuchEntity", "Role web-role in Instance Profile web cannot be found.", ErrorIds.RoleNotFound, FailureKind.ObjectNotFound, "web-role")]
        [InlineData("RemoveRoleFromInstanceProfile", "NoSuchEntity", "Instance Profile web cannot be found.", ErrorIds.InstanceProfileNotFound, FailureKind.ObjectNotFound, "web")]
        [InlineData("GetRole", "NoSuchEntity", "The role with name web-role cannot be found.", ErrorIds.RoleNotFound, FailureKind.ObjectNotFound, "web-role")]
        [InlineData("ListInstanceProfilesForRole", "NoSuchEntity", "The role with name web-role cannot be found.", ErrorIds.RoleNotFound, FailureKind.ObjectNotFound, "web-role")]
        [InlineData("CreateInstanceProfile", "EntityAlreadyExists", "Instance Profile web already exists.", ErrorIds.InstanceProfileAlreadyExists, FailureKind.ResourceExists, "web")]
        [InlineData("CreateRole", "EntityAlreadyExists", "Role with name web-role already exists.", ErrorIds.RoleAlreadyExists, FailureKind.ResourceExists, "web-role")]
        [InlineData("AddRoleToInstanceProfile", "LimitExceeded", "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1", ErrorIds.InstanceProfileHasRole, FailureKind.InvalidOperation, "web")]
        [InlineData("CreateInstanceProfile", "LimitExceeded", "Cannot exceed quota for InstanceProfilesPerAccount: 1000", ErrorIds.LimitExceeded, FailureKind.LimitsExceeded, "web")]
        [InlineData("DeleteInstanceProfile", "DeleteConflict", "Cannot delete entity, must remove roles from instance profile first.", ErrorIds.InstanceProfileHasRole, FailureKind.InvalidOperation, "web")]
        [InlineData("DeleteRole", "DeleteConflict", "Cannot delete entity, must remove roles from instance profile first.", ErrorIds.RoleInUse, FailureKind.InvalidOperation, "web-role")]
        [InlineData("CreateInstanceProfile", "ValidationError", "The specified value for path is invalid.", ErrorIds.InvalidParameter, FailureKind.InvalidArgument, "web")]
        [InlineData("TagInstanceProfile", "InvalidInput", "Duplicate tag keys found.", ErrorIds.InvalidParameter, FailureKind.InvalidArgument, "web")]
        [InlineData("GetInstanceProfile", "Throttling", "Rate exceeded", ErrorIds.Throttled, FailureKind.LimitsExceeded, "web")]
        [InlineData("GetInstanceProfile", "SignatureDoesNotMatch", "The request signature we calculated does not match.", ErrorIds.AuthenticationFailed, FailureKind.AuthenticationError, "web")]
        [InlineData("GetInstanceProfile", "InvalidClientTokenId", "The security token included in the request is invalid", ErrorIds.AuthenticationFailed, FailureKind.AuthenticationError, "web")]
        [InlineData("GetInstanceProfile", "AccessDenied", "User is not authorized to perform iam:GetInstanceProfile", ErrorIds.AccessDenied, FailureKind.PermissionDenied, "web")]
        [InlineData("GetInstanceProfile", "ServiceFailure", "Internal failure", ErrorIds.ServiceUnavailable, FailureKind.ResourceBusy, "web")]
        [InlineData("GetInstanceProfile", "ConcurrentModification", "Try again", ErrorIds.AwsError, FailureKind.NotSpecified, "web")]
        public void MapsIamCodes(string action, string code, string message, string errorId, FailureKind kind, string target)
        {
            AwsCall call = action.Contains("Role") && !action.Contains("InstanceProfile")
                ? AwsCall.Iam(action, ("RoleName", "web-role"))
                : AwsCall.Iam(action, ("InstanceProfileName", "web"), ("RoleName", action.Contains("Role") ? "web-role" : null));

            AwsServiceException error = AwsErrorMap.FromServiceError(call, code, message, "req-1", 400);

            Assert.Equal(errorId, error.ErrorId);
            Assert.Equal(kind, error.Kind);
            Assert.Equal(target, error.Target);
            Assert.Equal(code, error.ErrorCode);
            Assert.Equal(message, error.ServiceMessage);
            Assert.Equal("req-1", error.RequestId);
            Assert.Equal("iam", error.Service);
            Assert.Contains(message, error.Message);
        }

        [Theory]
        [InlineData("GetInstanceProfile", "NoSuchEntity", "Instance Profile web cannot be found.", "Check the name (Get-InstanceProfile lists them), the account and -AwsProfile")]
        [InlineData("TagInstanceProfile", "NoSuchEntity", "Instance Profile web cannot be found.", "the account and -AwsProfile")]
        [InlineData("ListInstanceProfilesForRole", "NoSuchEntity", "The role with name web-role cannot be found.", "Check the role name 'web-role' and the account")]
        [InlineData("CreateInstanceProfile", "EntityAlreadyExists", "Instance Profile web already exists.", "use the existing profile (Get-InstanceProfile)")]
        [InlineData("AddRoleToInstanceProfile", "LimitExceeded", "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1", "An instance profile holds one role")]
        [InlineData("AddRoleToInstanceProfile", "LimitExceeded", "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1", "use Set-InstanceRole")]
        public void ShowsTheAdviceOfIamsRulesInTheMessageAndAsTheRecommendedAction(string action, string code, string message, string advice)
        {
            AwsCall call = action == "ListInstanceProfilesForRole"
                ? AwsCall.Iam(action, ("RoleName", "web-role"))
                : AwsCall.Iam(action, ("InstanceProfileName", "web"), ("RoleName", action.Contains("Role") ? "web-role" : null));

            AwsServiceException error = AwsErrorMap.FromServiceError(call, code, message, "req-1", 400);

            Assert.Contains(message, error.Message);
            Assert.Contains(advice, error.Message);
            Assert.Contains(advice, RecommendedAction.Of(error));
        }

        [Fact]
        public void TellsHowToReplaceTheProfileOfAnInstanceThatHasOne()
        {
            AwsServiceException error = AwsErrorMap.FromServiceError(
                AwsCall.Ec2("AssociateIamInstanceProfile", ("InstanceId", "i-0123456789abcdef0"), ("InstanceProfile", "web")),
                "IncorrectState", "There is an existing association for instance i-0123456789abcdef0", "req-2", 400);

            Assert.Equal(ErrorIds.InstanceAlreadyAssociated, error.ErrorId);
            Assert.Equal("i-0123456789abcdef0", error.Target);
            Assert.Contains("replace it with Set-InstanceProfileAssociation, or change its role safely with Set-InstanceRole", error.Message);
            Assert.Equal(
                "The instance already has an instance profile: replace it with Set-InstanceProfileAssociation, or change its role safely with Set-InstanceRole.",
                RecommendedAction.Of(error));
        }

        [Fact]
        public void AttachesNoRecommendedActionWhenTheRulesHaveNoAdvice()
        {
            AwsServiceException error = AwsErrorMap.FromServiceError(AwsCall.Ec2("DescribeInstances"), "Unsupported", "Something else", "req-2", 400);

            Assert.Null(RecommendedAction.Of(error));
        }

        [Theory]
        [InlineData("AssociateIamInstanceProfile", "IncorrectState", "There is an existing association for instance i-0123456789abcdef0", ErrorIds.InstanceAlreadyAssociated)]
        [InlineData("ReplaceIamInstanceProfileAssociation", "IncorrectState", "The association iip-assoc-07c83b48335ca848d is not the active association", ErrorIds.IncorrectState)]
        [InlineData("DisassociateIamInstanceProfile", "InvalidAssociationID.NotFound", "An invalid association-id of 'x' was given", ErrorIds.AssociationNotFound)]
        [InlineData("AssociateIamInstanceProfile", "InvalidParameterValue", "IAM Instance Profile \"arn\" has no associated IAM Roles", ErrorIds.InstanceProfileNotReady)]
        [InlineData("DisassociateIamInstanceProfile", "InvalidParameterValue", "Invalid value for associationId.", ErrorIds.InvalidParameter)]
        [InlineData("DescribeInstances", "RequestLimitExceeded", "Request limit exceeded.", ErrorIds.Throttled)]
        [InlineData("DescribeInstances", "Unsupported", "Something else", ErrorIds.AwsError)]
        public void MapsEc2Codes(string action, string code, string message, string errorId)
        {
            AwsServiceException error = AwsErrorMap.FromServiceError(AwsCall.Ec2(action, ("InstanceId", "i-0123456789abcdef0")), code, message, "req-2", 400);

            Assert.Equal(errorId, error.ErrorId);
            Assert.Equal("ec2", error.Service);
        }

        [Theory]
        [InlineData("The instance ID 'i-0123456789abcdef0' does not exist")]
        [InlineData("The instance ID 'i-0123456789abcdef0' does not exist.")]
        public void EndsTheServicesMessageWithOneFullStopBeforeTheAdvice(string message)
        {
            AwsServiceException error = AwsErrorMap.FromServiceError(
                AwsCall.Ec2("DescribeInstances", ("InstanceId", "i-0123456789abcdef0")), "InvalidInstanceID.NotFound", message, "req-4", 400);

            Assert.Equal(ErrorIds.InstanceNotFound, error.ErrorId);
            Assert.Contains("'i-0123456789abcdef0' does not exist. Check", error.Message);
        }

        [Fact]
        public void MapsAnSdkServiceExceptionKeepingItsParts()
        {
            var sdk = new AmazonServiceException("Rate exceeded", null, ErrorType.Sender, "Throttling", "req-3", HttpStatusCode.BadRequest);

            var error = Assert.IsType<AwsServiceException>(AwsErrorMap.Map(sdk, AwsCall.Iam("ListInstanceProfiles")));

            Assert.Equal(ErrorIds.Throttled, error.ErrorId);
            Assert.Equal(400, error.StatusCode);
            Assert.Same(sdk, error.InnerException);
        }

        [Fact]
        public void MapsAnHttp429WithoutCodeAsThrottled()
        {
            AwsServiceException error = AwsErrorMap.FromServiceError(AwsCall.Iam("GetRole", ("RoleName", "r")), string.Empty, null, null, 429);

            Assert.Equal(ErrorIds.Throttled, error.ErrorId);
        }

        [Fact]
        public void NamesAnAnswerWithoutCodeByItsStatusAndShortensItsBody()
        {
            string page = "The service returned an error with HTTP Body: <!doctype html>" + new string('x', 1000);

            AwsServiceException error = AwsErrorMap.FromServiceError(AwsCall.Iam("ListInstanceProfileTags", ("InstanceProfileName", "web")), string.Empty, page, null, 500);

            Assert.Equal(ErrorIds.ServiceUnavailable, error.ErrorId);
            Assert.StartsWith("IAM ListInstanceProfileTags failed: HTTP 500: The service returned an error", error.Message);
            Assert.True(error.Message.Length < 500);
            Assert.Equal(page, error.ServiceMessage);
        }

        [Fact]
        public void MapsAConnectionFailureAsEndpointUnreachable()
        {
            var failure = new AmazonClientException("send failed", new HttpRequestException("Connection refused"));

            var error = Assert.IsType<AwsServiceException>(AwsErrorMap.Map(failure, AwsCall.Ec2("DescribeInstances", ("InstanceId", "i-0123456789abcdef0"))));

            Assert.Equal(ErrorIds.EndpointUnreachable, error.ErrorId);
            Assert.Equal(FailureKind.ConnectionError, error.Kind);
            Assert.Equal("i-0123456789abcdef0", error.Target);
        }

        [Fact]
        public void MapsATimeoutThatNobodyAskedForAsEndpointUnreachable()
        {
            var error = Assert.IsType<AwsServiceException>(AwsErrorMap.Map(new System.Threading.Tasks.TaskCanceledException("timeout"), AwsCall.Iam("ListRoles"), cancellationRequested: false));

            Assert.Equal(ErrorIds.EndpointUnreachable, error.ErrorId);
            Assert.Equal(FailureKind.OperationTimeout, error.Kind);
        }

        [Fact]
        public void KeepsTheMessageOfAnSdkFailureBeforeAnyAnswer()
        {
            var failure = new AmazonClientException("The SSO session associated with this profile has expired. Run 'aws sso login'.");

            var error = Assert.IsType<AwsServiceException>(AwsErrorMap.Map(failure, AwsCall.Iam("ListRoles")));

            Assert.Equal(ErrorIds.AwsError, error.ErrorId);
            Assert.Equal("IAM ListRoles failed before reaching AWS: The SSO session associated with this profile has expired. Run 'aws sso login'.", error.Message);
            Assert.Same(failure, error.InnerException);
        }

        [Theory]
        [InlineData("AccessDenied", ErrorIds.AssumeRoleDenied, "sts:ExternalId condition")]
        [InlineData("ValidationError", ErrorIds.AwsError, "duration_seconds")]
        public void NamesWhatStsAnsweredWhenTheProfilesRoleCannotBeAssumed(string code, string id, string advice)
        {
            const string Said = "User: arn:aws:iam::123456789012:user/test is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::210987654321:role/operator";
            var sts = new AmazonServiceException(Said) { ErrorCode = code, StatusCode = System.Net.HttpStatusCode.Forbidden, RequestId = "req-sts" };
            var failure = new AmazonClientException("Error calling AssumeRole for role arn:aws:iam::210987654321:role/operator", sts);

            var error = Assert.IsType<AwsServiceException>(AwsErrorMap.Map(failure, AwsCall.Ec2("DescribeInstances")));

            Assert.Equal((id, "sts", code, "req-sts"), (error.ErrorId, error.Service, error.ErrorCode, error.RequestId));
            Assert.Contains($"STS answered {code}: {Said}.", error.Message);
            Assert.Contains(advice, error.Message);
            Assert.Contains(advice, RecommendedAction.Of(error));
        }

        [Fact]
        public void LeavesCancellationsAndCoreErrorsAsTheyAre()
        {
            var cancelled = new OperationCanceledException();
            var core = new InstanceProfileToolsException(ErrorIds.NoCredentials, FailureKind.AuthenticationError, null, "none");

            Assert.Same(cancelled, AwsErrorMap.Map(cancelled, AwsCall.Iam("ListRoles"), cancellationRequested: true));
            var other = new InvalidOperationException("a bug");

            Assert.Same(core, AwsErrorMap.Map(core, AwsCall.Iam("ListRoles")));
            Assert.Same(other, AwsErrorMap.Map(other, AwsCall.Iam("ListRoles")));
        }
    }
}
