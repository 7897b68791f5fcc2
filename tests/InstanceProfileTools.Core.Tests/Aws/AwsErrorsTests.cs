using InstanceProfileTools.Core;
using InstanceProfileTools.Core.Aws;
using Xunit;

namespace InstanceProfileTools.Core.Tests.Aws
{
    [Trait("Category", "Unit")]
    public sealed class AwsErrorsTests
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
            var error = new AwsServiceException(ErrorIds.AwsError, FailureKind.NotSpecified, null, "advice: " + message, service, code, "req", 400)
            {
                ServiceMessage = message,
            };

            Assert.Equal(expected, AwsErrors.IsPropagationError(error));
        }

        [Fact]
        public void RecognisesPropagationFromAMappedError()
        {
            AwsServiceException mapped = AwsErrorMap.FromServiceError(
                AwsCall.Ec2("AssociateIamInstanceProfile", ("InstanceId", "i-0123456789abcdef0")),
                "InvalidParameterValue", "Value (web) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name", "req", 400);

            Assert.True(AwsErrors.IsPropagationError(mapped));
        }
    }
}
