using InstanceProfileTools.Core;
using InstanceProfileTools.Core.Validation;
using Xunit;

namespace InstanceProfileTools.Core.Tests.Validation
{
    [Trait("Category", "Unit")]
    public sealed class InstanceProfileArnTests
    {
        [Theory]
        [InlineData("aws", "123456789012", "/", "web", "arn:aws:iam::123456789012:instance-profile/web")]
        [InlineData("aws", "123456789012", "/app/web/", "api", "arn:aws:iam::123456789012:instance-profile/app/web/api")]
        [InlineData("aws-cn", "000000000000", "/", "a+b=c", "arn:aws-cn:iam::000000000000:instance-profile/a+b=c")]
        [InlineData("aws-us-gov", "210987654321", "/x/", "n", "arn:aws-us-gov:iam::210987654321:instance-profile/x/n")]
        public void ParsesPartitionAccountPathAndName(string partition, string account, string path, string name, string text)
        {
            InstanceProfileArn arn = InstanceProfileArn.Parse(text);

            Assert.Equal(new InstanceProfileArn(partition, account, path, name), arn);
            Assert.Equal(text, arn.ToString());
        }

        [Theory]
        [InlineData("")]
        [InlineData("web")]
        [InlineData("arn:aws:iam::12345678901:instance-profile/web")]
        [InlineData("arn:aws:iam::123456789012:role/web")]
        [InlineData("arn:aws:iam::123456789012:instance-profile/")]
        [InlineData("arn:aws:iam::123456789012:instance-profile/web app")]
        [InlineData("arn:aws:iam::123456789012:instance-profileweb")]
        [InlineData("arn:aws:ec2::123456789012:instance-profile/web")]
        [InlineData("arn:other:iam::123456789012:instance-profile/web")]
        public void RefusesWhatIsNotAnInstanceProfileArn(string text)
        {
            Assert.False(InstanceProfileArn.TryParse(text, out InstanceProfileArn? arn));
            Assert.Null(arn);

            InputValidationException error = Assert.Throws<InputValidationException>(() => InstanceProfileArn.Parse(text));
            Assert.Equal(ErrorIds.InvalidInstanceProfileArn, error.ErrorId);
            Assert.Equal("InstanceProfileArn", error.ParameterName);
        }
    }
}
