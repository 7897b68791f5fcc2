using InstanceProfileTools.Core.Preflight;
using Xunit;

namespace InstanceProfileTools.Core.Tests.Preflight
{
    /// <summary>IAM's action patterns: '*' any run, '?' any one character, without case.</summary>
    [Trait("Category", "Unit")]
    public sealed class PolicyWildcardTests
    {
        [Theory]
        [InlineData(true, "sts:AssumeRole")]
        [InlineData(true, "STS:ASSUMEROLE")]
        [InlineData(true, "*")]
        [InlineData(true, "sts:*")]
        [InlineData(true, "sts:Assume*")]
        [InlineData(true, "*:AssumeRole")]
        [InlineData(true, "sts:*Role")]
        [InlineData(true, "sts:AssumeRole*")]
        [InlineData(true, "sts:Assum?Role")]
        [InlineData(true, "s*s:A*e*R*e")]
        [InlineData(false, "sts:AssumeRoleWithWebIdentity")]
        [InlineData(false, "sts:AssumeRole?")]
        [InlineData(false, "sts:Assume")]
        [InlineData(false, "iam:*")]
        [InlineData(false, "")]
        public void MatchesSTSAssumeRoleAgainstAPattern(bool expected, string pattern)
        {
            Assert.Equal(expected, PolicyWildcard.Matches(pattern, "sts:AssumeRole"));
        }
    }
}
