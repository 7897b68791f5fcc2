using System.Linq;
using System.Xml.Linq;
using InstanceProfileTools.Sandbox.Protocol;
using InstanceProfileTools.Sandbox.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Sandbox.Tests
{
    [Trait("Category", "Iam")]
    public sealed class IamServiceTests
    {
        private readonly TestSandbox _sandbox = new TestSandbox();

        [Fact]
        public void CreateAnswersProfileInIamNamespaceWithArnAndId()
        {
            XElement response = _sandbox.CallIam("CreateInstanceProfile", ("InstanceProfileName", "web"), ("Path", "/app/"));

            Assert.Equal("{https://iam.amazonaws.com/doc/2010-05-08/}CreateInstanceProfileResponse", response.Name.ToString());
            Assert.Equal("arn:aws:iam::123456789012:instance-profile/app/web", TestSandbox.Value(response, "Arn"));
            Assert.Matches("^AIPA[A-Z0-9]{17}$", TestSandbox.Value(response, "InstanceProfileId"));
            Assert.Equal("test-request", TestSandbox.Value(response, "RequestId"));
        }

        [Theory]
        [InlineData("bad name")]
        [InlineData("café")]
        [InlineData("")]
        [InlineData("x/y")]
        public void RefusesProfileNameOutsidePattern(string name)
        {
            AwsServiceException error = _sandbox.IamError("CreateInstanceProfile", ("InstanceProfileName", name));

            Assert.Equal(("ValidationError", 400), (error.Code, error.Status));
        }

        [Fact]
        public void AcceptsProfileNameOf128AndRefuses129()
        {
            _sandbox.CallIam("CreateInstanceProfile", ("InstanceProfileName", new string('a', 128)));

            AwsServiceException error = _sandbox.IamError("CreateInstanceProfile", ("InstanceProfileName", new string('b', 129)));
            Assert.Contains("length less than or equal to 128", error.Message);
        }

        [Fact]
        public void RefusesRoleNameOf65()
        {
            AwsServiceException error = _sandbox.IamError("CreateRole", ("RoleName", new string('r', 65)), ("AssumeRolePolicyDocument", "{}"));

            Assert.Equal("ValidationError", error.Code);
            Assert.Contains("'roleName'", error.Message);
        }

        [Theory]
        [InlineData("/app")]
        [InlineData("app/")]
        [InlineData("/a b/")]
        public void RefusesPathOutsidePattern(string path)
        {
            AwsServiceException error = _sandbox.IamError("CreateInstanceProfile", ("InstanceProfileName", "p"), ("Path", path));

            Assert.Equal(("ValidationError", 400), (error.Code, error.Status));
            Assert.StartsWith("The specified value for path is invalid.", error.Message);
        }

        [Fact]
        public void ReportsMissingRequiredMemberAsValidationError()
        {
            AwsServiceException error = _sandbox.IamError("GetInstanceProfile");

            Assert.Equal("ValidationError", error.Code);
            Assert.Contains("Value null at 'instanceProfileName'", error.Message);
        }

        [Fact]
        public void RefusesFiftyOneTagsAndDuplicateKeys()
        {
            var tooMany = Enumerable.Range(1, 51).SelectMany(i => new[] { ($"Tags.member.{i}.Key", $"k{i}"), ($"Tags.member.{i}.Value", "v") });
            AwsServiceException over = _sandbox.IamError("CreateInstanceProfile", tooMany.Prepend(("InstanceProfileName", "p")).ToArray());
            Assert.Equal("ValidationError", over.Code);
            Assert.Contains("length less than or equal to 50", over.Message);

            AwsServiceException duplicate = _sandbox.IamError(
                "CreateInstanceProfile",
                ("InstanceProfileName", "p"), ("Tags.member.1.Key", "env"), ("Tags.member.1.Value", "a"), ("Tags.member.2.Key", "ENV"), ("Tags.member.2.Value", "b"));
            Assert.Equal(("InvalidInput", 400), (duplicate.Code, duplicate.Status));
        }

        [Fact]
        public void LimitsTagsPerProfileToFiftyAcrossCalls()
        {
            _sandbox.CallIam("CreateInstanceProfile", ("InstanceProfileName", "p"));
            var fifty = Enumerable.Range(1, 50).SelectMany(i => new[] { ($"Tags.member.{i}.Key", $"k{i}"), ($"Tags.member.{i}.Value", "v") });
            _sandbox.CallIam("TagInstanceProfile", fifty.Prepend(("InstanceProfileName", "p")).ToArray());

            _sandbox.CallIam("TagInstanceProfile", ("InstanceProfileName", "p"), ("Tags.member.1.Key", "K1"), ("Tags.member.1.Value", "overwritten"));
            AwsServiceException error = _sandbox.IamError("TagInstanceProfile", ("InstanceProfileName", "p"), ("Tags.member.1.Key", "k51"), ("Tags.member.1.Value", "v"));

            Assert.Equal(("LimitExceeded", 409), (error.Code, error.Status));
            Assert.Equal("overwritten", _sandbox.IamState.InstanceProfiles["p"].Tags.Single(t => t.Key == "K1").Value);
        }

        [Fact]
        public void HoldsOneRolePerProfile()
        {
            _sandbox.ProfileWithRole("p");
            _sandbox.CallIam("CreateRole", ("RoleName", "other"), ("AssumeRolePolicyDocument", "{}"));

            AwsServiceException error = _sandbox.IamError("AddRoleToInstanceProfile", ("InstanceProfileName", "p"), ("RoleName", "other"));

            Assert.Equal(("LimitExceeded", 409, "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1"), (error.Code, error.Status, error.Message));
        }

        [Fact]
        public void RefusesToDeleteProfileWithRoleAndRoleInProfile()
        {
            _sandbox.ProfileWithRole("p");

            Assert.Equal("DeleteConflict", _sandbox.IamError("DeleteInstanceProfile", ("InstanceProfileName", "p")).Code);
            Assert.Equal("DeleteConflict", _sandbox.IamError("DeleteRole", ("RoleName", "p-role")).Code);
        }

        [Fact]
        public void ComparesNamesWithoutCase()
        {
            _sandbox.CallIam("CreateInstanceProfile", ("InstanceProfileName", "Web"));

            Assert.Equal("EntityAlreadyExists", _sandbox.IamError("CreateInstanceProfile", ("InstanceProfileName", "WEB")).Code);
            Assert.Equal("Web", TestSandbox.Value(_sandbox.CallIam("GetInstanceProfile", ("InstanceProfileName", "web")), "InstanceProfileName"));
        }

        [Fact]
        public void PagesWithMarkerInNameOrder()
        {
            foreach (string name in new[] { "c", "a", "e", "b", "d" })
            {
                _sandbox.CallIam("CreateInstanceProfile", ("InstanceProfileName", name));
            }

            XElement first = _sandbox.CallIam("ListInstanceProfiles", ("MaxItems", "2"));
            Assert.Equal(new[] { "a", "b" }, TestSandbox.Values(first, "InstanceProfileName"));
            Assert.Equal("true", TestSandbox.Value(first, "IsTruncated"));

            _sandbox.CallIam("DeleteInstanceProfile", ("InstanceProfileName", "a"));
            XElement second = _sandbox.CallIam("ListInstanceProfiles", ("MaxItems", "2"), ("Marker", TestSandbox.Value(first, "Marker")));
            Assert.Equal(new[] { "c", "d" }, TestSandbox.Values(second, "InstanceProfileName"));

            XElement last = _sandbox.CallIam("ListInstanceProfiles", ("MaxItems", "2"), ("Marker", TestSandbox.Value(second, "Marker")));
            Assert.Equal(new[] { "e" }, TestSandbox.Values(last, "InstanceProfileName"));
            Assert.Equal("false", TestSandbox.Value(last, "IsTruncated"));
            Assert.Empty(TestSandbox.Values(last, "Marker"));
        }

        [Theory]
        [InlineData("0")]
        [InlineData("1001")]
        [InlineData("many")]
        public void RefusesMaxItemsOutsideOneToThousand(string maxItems)
        {
            Assert.Equal("ValidationError", _sandbox.IamError("ListInstanceProfiles", ("MaxItems", maxItems)).Code);
        }

        [Fact]
        public void RefusesForeignMarker()
        {
            Assert.Equal("ValidationError", _sandbox.IamError("ListRoles", ("Marker", "not-a-marker")).Code);
        }

        [Fact]
        public void FiltersByPathPrefix()
        {
            _sandbox.CallIam("CreateInstanceProfile", ("InstanceProfileName", "in"), ("Path", "/team/a/"));
            _sandbox.CallIam("CreateInstanceProfile", ("InstanceProfileName", "out"), ("Path", "/other/"));

            Assert.Equal(new[] { "in" }, TestSandbox.Values(_sandbox.CallIam("ListInstanceProfiles", ("PathPrefix", "/team/")), "InstanceProfileName"));
        }

        [Fact]
        public void EmbedsRoleWithTrustPolicyUrlEncoded()
        {
            _sandbox.CallIam("CreateRole", ("RoleName", "r"), ("AssumeRolePolicyDocument", "{\"Version\":\"2012-10-17\"}"));
            _sandbox.CallIam("CreateInstanceProfile", ("InstanceProfileName", "p"));
            _sandbox.CallIam("AddRoleToInstanceProfile", ("InstanceProfileName", "p"), ("RoleName", "r"));

            XElement response = _sandbox.CallIam("GetInstanceProfile", ("InstanceProfileName", "p"));

            XElement member = response.Descendants(InstanceProfileTools.Sandbox.Iam.IamXml.Ns + "Roles").Single().Elements().Single();
            Assert.Equal("member", member.Name.LocalName);
            Assert.Equal("%7B%22Version%22%3A%222012-10-17%22%7D", TestSandbox.Value(member, "AssumeRolePolicyDocument"));
        }

        [Fact]
        public void RefusesTrustPolicyThatIsNotJson()
        {
            Assert.Equal("MalformedPolicyDocument", _sandbox.IamError("CreateRole", ("RoleName", "r"), ("AssumeRolePolicyDocument", "{nope")).Code);
        }

        [Fact]
        public void AnswersUnknownActionWithInvalidAction()
        {
            Assert.Equal(("InvalidAction", 400), (_sandbox.IamError("ListUsers").Code, _sandbox.IamError("ListUsers").Status));
        }
    }
}
