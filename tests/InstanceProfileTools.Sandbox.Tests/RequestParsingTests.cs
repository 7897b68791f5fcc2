using System.Collections.Generic;
using System.Text;
using InstanceProfileTools.Sandbox.Hosting;
using Xunit;

namespace InstanceProfileTools.Sandbox.Tests
{
    /// <summary>How the endpoint reads a call's parameters from the query string and the form body.</summary>
    [Trait("Category", "Host")]
    public sealed class RequestParsingTests
    {
        [Fact]
        public void KeepsTheFirstValueOfAParameterGivenTwice()
        {
            Dictionary<string, string> parameters = AwsRequestReader.ReadParameters(
                "Action=ListRoles&Action=Bogus",
                Encoding.UTF8.GetBytes("Version=2010-05-08&Version=2000-01-01&PathPrefix=%2Fa%2C%2Fb%2F"));

            Assert.Equal("ListRoles", parameters["Action"]);
            Assert.Equal("2010-05-08", parameters["Version"]);
            Assert.Equal("/a,/b/", parameters["PathPrefix"]);
        }
    }
}
