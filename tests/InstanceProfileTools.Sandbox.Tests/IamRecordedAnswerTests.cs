using System.Linq;
using System.Xml.Linq;
using InstanceProfileTools.Sandbox.Iam;
using InstanceProfileTools.Sandbox.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Sandbox.Tests
{
    /// <summary>
    /// IAM answers held against those recorded from real AWS (localstack/localstack,
    /// tests/aws/services/iam/test_iam_instance_profiles.snapshot.json and test_iam_roles.snapshot.json, February 2026)
    /// and against the model's constraints.
    /// </summary>
    [Trait("Category", "Iam")]
    public sealed class IamRecordedAnswerTests
    {
        private readonly TestSandbox _sandbox = new TestSandbox();

        [Fact]
        public void GetInstanceProfileShowsEmptyTagsWhileCreateWithoutTagsShowsNone()
        {
            XElement created = _sandbox.CallIam("CreateInstanceProfile", ("InstanceProfileName", "p"));
            XElement got = _sandbox.CallIam("GetInstanceProfile", ("InstanceProfileName", "p"));

            Assert.Empty(created.Descendants(IamXml.Ns + "Tags"));
            XElement tags = got.Descendants(IamXml.Ns + "Tags").Single();
            Assert.Empty(tags.Elements());
        }

        [Fact]
        public void RemovingRoleTellsAnUnknownRoleFromOneNotInTheProfile()
        {
            _sandbox.CallIam("CreateInstanceProfile", ("InstanceProfileName", "p"));
            _sandbox.CallIam("CreateRole", ("RoleName", "r"), ("AssumeRolePolicyDocument", "{}"));

            var unattached = _sandbox.IamError("RemoveRoleFromInstanceProfile", ("InstanceProfileName", "p"), ("RoleName", "r"));
            var unknown = _sandbox.IamError("RemoveRoleFromInstanceProfile", ("InstanceProfileName", "p"), ("RoleName", "nonexistent-role"));
            var noProfile = _sandbox.IamError("RemoveRoleFromInstanceProfile", ("InstanceProfileName", "nonexistent-profile"), ("RoleName", "r"));

            Assert.Equal(("NoSuchEntity", 404, "Role r in Instance Profile p cannot be found."), (unattached.Code, unattached.Status, unattached.Message));
            Assert.Equal(("NoSuchEntity", 404, "The role with name nonexistent-role cannot be found."), (unknown.Code, unknown.Status, unknown.Message));
            Assert.Equal("Instance Profile nonexistent-profile cannot be found.", noProfile.Message);
        }

        [Theory]
        [InlineData("Tags.member.1.Key", 129, "tags.1.member.key' failed to satisfy constraint: Member must have length less than or equal to 128")]
        [InlineData("Tags.member.1.Value", 257, "tags.1.member.value' failed to satisfy constraint: Member must have length less than or equal to 256")]
        public void NamesTheTagMemberButNotItsValue(string parameter, int length, string expected)
        {
            var tag = new[] { ("Tags.member.1.Key", "k"), ("Tags.member.1.Value", "v") }
                .Select(p => p.Item1 == parameter ? (p.Item1, new string('x', length)) : p)
                .ToArray();

            var error = _sandbox.IamError("CreateInstanceProfile", tag.Prepend(("InstanceProfileName", "p")).ToArray());

            Assert.Equal(("ValidationError", 400), (error.Code, error.Status));
            Assert.Equal("1 validation error detected: Value at '" + expected, error.Message);
        }

        [Fact]
        public void NamesTheTagKeyPatternWithoutTheKey()
        {
            var error = _sandbox.IamError("TagInstanceProfile", ("InstanceProfileName", "p"), ("Tags.member.1.Key", "a!"), ("Tags.member.1.Value", "v"));

            Assert.Equal(
                @"1 validation error detected: Value at 'tags.1.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: [\p{L}\p{Z}\p{N}_.:/=+\-@]+",
                error.Message);
        }

        [Fact]
        public void RefusesFiftyOneTagKeysToUntagNamingTheList()
        {
            var keys = Enumerable.Range(1, 51).Select(i => ($"TagKeys.member.{i}", $"k{i}"));

            var error = _sandbox.IamError("UntagInstanceProfile", keys.Prepend(("InstanceProfileName", "p")).ToArray());

            Assert.Equal("1 validation error detected: Value at 'tagKeys' failed to satisfy constraint: Member must have length less than or equal to 50", error.Message);
        }

        [Theory]
        [InlineData("a!")]
        [InlineData("a", "b!", "c")]
        public void ReportsBadTagKeysToUntagAsOneErrorAboutTheList(params string[] keys)
        {
            var parameters = keys.Select((k, i) => ($"TagKeys.member.{i + 1}", k)).Prepend(("InstanceProfileName", "p")).ToArray();

            var error = _sandbox.IamError("UntagInstanceProfile", parameters);

            Assert.Equal(
                "1 validation error detected: Value at 'tagKeys' failed to satisfy constraint: Member must satisfy constraint: " +
                @"[Member must have length less than or equal to 128, Member must have length greater than or equal to 1, " +
                @"Member must satisfy regular expression pattern: [\p{L}\p{Z}\p{N}_.:/=+\-@]+, Member must not be null]",
                error.Message);
        }

        [Fact]
        public void ListRolesShowsMaxSessionDurationButNotRoleLastUsed()
        {
            _sandbox.CallIam("CreateRole", ("RoleName", "r"), ("AssumeRolePolicyDocument", "{}"));

            XElement listed = _sandbox.CallIam("ListRoles");
            XElement got = _sandbox.CallIam("GetRole", ("RoleName", "r"));

            Assert.Equal("3600", TestSandbox.Value(listed, "MaxSessionDuration"));
            Assert.Empty(listed.Descendants(IamXml.Ns + "RoleLastUsed"));
            Assert.Single(got.Descendants(IamXml.Ns + "RoleLastUsed"));
        }

        [Fact]
        public void ReportsAnAbsentMemberOnceNotAlsoAsTooShort()
        {
            var profile = _sandbox.IamError("CreateInstanceProfile");
            var role = _sandbox.IamError("CreateRole", ("RoleName", "r"));

            Assert.Equal("1 validation error detected: Value null at 'instanceProfileName' failed to satisfy constraint: Member must not be null", profile.Message);
            Assert.Equal("1 validation error detected: Value null at 'assumeRolePolicyDocument' failed to satisfy constraint: Member must not be null", role.Message);
        }

        [Theory]
        [InlineData("ListInstanceProfiles")]
        [InlineData("ListInstanceProfilesForRole")]
        [InlineData("ListRoles")]
        [InlineData("ListInstanceProfileTags")]
        public void HoldsEveryListsMarkerToTheModelsLength(string action)
        {
            _sandbox.CallIam("CreateRole", ("RoleName", "r"), ("AssumeRolePolicyDocument", "{}"));
            _sandbox.CallIam("CreateInstanceProfile", ("InstanceProfileName", "p"));

            var error = _sandbox.IamError(action, ("RoleName", "r"), ("InstanceProfileName", "p"), ("Marker", new string('m', 321)));

            Assert.Equal("ValidationError", error.Code);
            Assert.EndsWith("at 'marker' failed to satisfy constraint: Member must have length less than or equal to 320", error.Message);
        }

        [Theory]
        [InlineData("Description", "line one\nline two", "'description'")]
        [InlineData("AssumeRolePolicyDocument", "{\"Sid\":\"\u65e5\u672c\"}", "'assumeRolePolicyDocument'")]
        public void HoldsRoleDescriptionAndTrustPolicyToTheModelsPatterns(string parameter, string value, string wireName)
        {
            var parameters = new[] { ("RoleName", "r"), ("AssumeRolePolicyDocument", "{}"), ("Description", "Ünïcode — symbols ✓ (fine).") }
                .Select(p => p.Item1 == parameter ? (p.Item1, value) : p)
                .ToArray();

            var error = _sandbox.IamError("CreateRole", parameters);
            _sandbox.CallIam("CreateRole", ("RoleName", "fine"), ("AssumeRolePolicyDocument", "{\"Sid\":\"caf\u00e9\"}"), ("Description", "Ünïcode — symbols ✓ (fine)."));

            Assert.Equal("ValidationError", error.Code);
            Assert.Contains(wireName + " failed to satisfy constraint: Member must satisfy regular expression pattern", error.Message);
        }

        [Fact]
        public void CreateRoleLeavesOutTheDescriptionThatGetRoleAndListRolesShow()
        {
            XElement created = _sandbox.CallIam("CreateRole", ("RoleName", "r"), ("AssumeRolePolicyDocument", "{}"), ("Description", "Role with a description"));

            Assert.Empty(created.Descendants(IamXml.Ns + "Description"));
            Assert.Empty(created.Descendants(IamXml.Ns + "MaxSessionDuration"));
            Assert.Equal("Role with a description", TestSandbox.Value(_sandbox.CallIam("GetRole", ("RoleName", "r")), "Description"));
            Assert.Equal("Role with a description", TestSandbox.Value(_sandbox.CallIam("ListRoles"), "Description"));
        }
    }
}
