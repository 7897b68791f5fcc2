using InstanceProfileTools.Core;
using InstanceProfileTools.Core.Diagnostics;
using InstanceProfileTools.Core.ErrorMapping;
using Xunit;

namespace InstanceProfileTools.Core.Tests.ErrorMapping
{
    /// <summary>The traits the rule tables read from a service's answer, on errors built by hand or by the map.</summary>
    [Trait("Category", "Unit")]
    public sealed class ErrorTraitsTests
    {
        [Theory]
        [InlineData(true, "ec2", "InvalidParameterValue", "Value (web) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name")]
        [InlineData(true, "ec2", "InvalidParameterValue", "Value (arn:aws:iam::1:instance-profile/web) for parameter iamInstanceProfile.arn is invalid. Invalid IAM Instance Profile ARN")]
        [InlineData(true, "ec2", "InvalidParameterValue", "IAM Instance Profile \"arn:aws:iam::1:instance-profile/web\" has no associated IAM Roles")]
        [InlineData(true, "ec2", "IncorrectState", "The instance profile could not be found. Code=InstanceIdentityProfileNotFound")]
        [InlineData(true, "iam", "NoSuchEntity", "The role with name web-role cannot be found.")]
        [InlineData(false, "iam", "NoSuchEntity", "Instance Profile web cannot be found.")]
        [InlineData(false, "ec2", "InvalidParameterValue", "Invalid value for associationId.")]
        [InlineData(false, "ec2", "IncorrectState", "There is an existing association for instance i-0123456789abcdef0")]
        [InlineData(false, "ec2", "InvalidInstanceID.NotFound", "The instance ID 'i-0123456789abcdef0' does not exist")]
        [InlineData(false, "iam", "LimitExceeded", "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1")]
        public void RecognisesTheErrorsOfIamPropagation(bool expected, string service, string code, string message)
        {
            Assert.Equal(expected, HandBuilt(service, code, message).IsPropagationError);
        }

        [Theory]
        [InlineData(true, "IncorrectState", "The association iip-assoc-07c83b48335ca848d is not the active association")]
        [InlineData(false, "IncorrectState", "There is an existing association for instance i-0123456789abcdef0")]
        [InlineData(false, "IncorrectState", "The instance profile could not be found. Code=InstanceIdentityProfileNotFound")]
        [InlineData(false, "InvalidAssociationID.NotFound", "An invalid association-id of 'x' was given")]
        public void RecognisesAReplaceRefusedBecauseTheAssociationIsNotActive(bool expected, string code, string message)
        {
            Assert.Equal(expected, HandBuilt("ec2", code, message).IsNotActiveAssociation);
        }

        [Fact]
        public void RecognisesPropagationFromAMappedError()
        {
            AwsServiceException mapped = AwsErrorMap.FromServiceError(
                AwsCall.Ec2("AssociateIamInstanceProfile", ("InstanceId", "i-0123456789abcdef0")),
                "InvalidParameterValue", "Value (web) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name", "req", 400);

            Assert.True(mapped.IsPropagationError);
        }

        [Fact]
        public void RecognisesAnInactiveAssociationFromAMappedError()
        {
            AwsServiceException mapped = AwsErrorMap.FromServiceError(
                AwsCall.Ec2("ReplaceIamInstanceProfileAssociation", ("AssociationId", "iip-assoc-07c83b48335ca848d")),
                "IncorrectState", "The association iip-assoc-07c83b48335ca848d is not the active association", "req", 400);

            Assert.Equal(ErrorIds.IncorrectState, mapped.ErrorId);
            Assert.True(mapped.IsNotActiveAssociation);
            Assert.False(mapped.IsPropagationError);
        }

        // An error as a fake raises it: the service's code and message, an id the traits do not depend on.
        private static AwsServiceException HandBuilt(string service, string code, string message) =>
            new(ErrorIds.AwsError, FailureKind.NotSpecified, null, "advice: " + message, service, code, "req", 400)
            {
                ServiceMessage = message,
            };
    }
}
