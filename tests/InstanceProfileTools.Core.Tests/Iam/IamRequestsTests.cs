using System.Collections.Generic;
using System.Linq;
using InstanceProfileTools.Core.Iam;
using InstanceProfileTools.Core.Model;
using Xunit;

namespace InstanceProfileTools.Core.Tests.Iam
{
    /// <summary>The form fields each IAM operation sends, with the model's wire names.</summary>
    [Trait("Category", "Unit")]
    public sealed class IamRequestsTests
    {
        private static readonly Tag[] s_tags = { new("team", "ops"), new("cost centre", string.Empty) };

        public static IEnumerable<object[]> Operations => new[]
        {
            Case(IamRequests.CreateInstanceProfile("web", "/app/", s_tags), "CreateInstanceProfile",
                ("InstanceProfileName", "web"), ("Path", "/app/"),
                ("Tags.member.1.Key", "team"), ("Tags.member.1.Value", "ops"),
                ("Tags.member.2.Key", "cost centre"), ("Tags.member.2.Value", "")),
            Case(IamRequests.CreateInstanceProfile("web", null, null), "CreateInstanceProfile", ("InstanceProfileName", "web")),
            Case(IamRequests.DeleteInstanceProfile("web"), "DeleteInstanceProfile", ("InstanceProfileName", "web")),
            Case(IamRequests.GetInstanceProfile("web"), "GetInstanceProfile", ("InstanceProfileName", "web")),
            Case(IamRequests.ListInstanceProfiles("/app/", "m1", 10), "ListInstanceProfiles", ("PathPrefix", "/app/"), ("Marker", "m1"), ("MaxItems", "10")),
            Case(IamRequests.ListInstanceProfiles(null, null, null), "ListInstanceProfiles"),
            Case(IamRequests.ListInstanceProfilesForRole("web-role", "m2", 1000), "ListInstanceProfilesForRole",
                ("RoleName", "web-role"), ("Marker", "m2"), ("MaxItems", "1000")),
            Case(IamRequests.AddRoleToInstanceProfile("web", "web-role"), "AddRoleToInstanceProfile",
                ("InstanceProfileName", "web"), ("RoleName", "web-role")),
            Case(IamRequests.RemoveRoleFromInstanceProfile("web", "web-role"), "RemoveRoleFromInstanceProfile",
                ("InstanceProfileName", "web"), ("RoleName", "web-role")),
            Case(IamRequests.TagInstanceProfile("web", s_tags), "TagInstanceProfile",
                ("InstanceProfileName", "web"), ("Tags.member.1.Key", "team"), ("Tags.member.1.Value", "ops"),
                ("Tags.member.2.Key", "cost centre"), ("Tags.member.2.Value", "")),
            Case(IamRequests.UntagInstanceProfile("web", new[] { "team", "cost centre" }), "UntagInstanceProfile",
                ("InstanceProfileName", "web"), ("TagKeys.member.1", "team"), ("TagKeys.member.2", "cost centre")),
            Case(IamRequests.ListInstanceProfileTags("web", null, 5), "ListInstanceProfileTags", ("InstanceProfileName", "web"), ("MaxItems", "5")),
            Case(IamRequests.GetRole("web-role"), "GetRole", ("RoleName", "web-role")),
            Case(IamRequests.CreateRole("web-role", "{\"Version\":\"2012-10-17\"}", "/app/"), "CreateRole",
                ("RoleName", "web-role"), ("AssumeRolePolicyDocument", "{\"Version\":\"2012-10-17\"}"), ("Path", "/app/")),
            Case(IamRequests.DeleteRole("web-role"), "DeleteRole", ("RoleName", "web-role")),
            Case(IamRequests.ListRoles("/", "m3", null), "ListRoles", ("PathPrefix", "/"), ("Marker", "m3")),
        };

        [Theory]
        [MemberData(nameof(Operations))]
        public void MarshallsEachOperationAsItsFormFields(object request, string action, IDictionary<string, string> expected)
        {
            var all = new SortedDictionary<string, string>(expected) { ["Action"] = action, ["Version"] = "2010-05-08" };

            Amazon.Runtime.Internal.IRequest marshalled = IamRequestMarshaller.Instance.Marshall((IamQueryRequest)request);

            Assert.Equal(all, new SortedDictionary<string, string>(marshalled.Parameters));
            Assert.Equal("POST", marshalled.HttpMethod);
        }

        [Fact]
        public void NamesTheCallByItsIdsButNeverByThePolicy()
        {
            IamQueryRequest request = IamRequests.CreateRole("web-role", "{\"secret-ish\":true}", null);

            Assert.Equal("IAM CreateRole RoleName=web-role", request.Call.ToString());
        }

        private static object[] Case(IamQueryRequest request, string action, params (string Name, string Value)[] fields) =>
            new object[] { request, action, fields.ToDictionary(field => field.Name, field => field.Value) };
    }
}
