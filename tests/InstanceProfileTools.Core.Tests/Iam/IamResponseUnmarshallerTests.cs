using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Transform;
using InstanceProfileTools.Core.Iam;
using InstanceProfileTools.Core.Model;
using Xunit;

namespace InstanceProfileTools.Core.Tests.Iam
{
    /// <summary>Each operation's result XML read into Core's model, and IAM's error body read into its parts.</summary>
    [Trait("Category", "Unit")]
    public sealed class IamResponseUnmarshallerTests
    {
        [Fact]
        public void ReadsGetInstanceProfileWithItsNestedRole()
        {
            IamQueryResponse<IamInstanceProfile> response = Read<IamInstanceProfile>("GetInstanceProfile", IamSamples.GetInstanceProfile,
                context => IamXmlReader.ReadSingle(context, "InstanceProfile", IamXmlReader.ReadInstanceProfile));

            IamInstanceProfile profile = response.Result!;
            Assert.Equal("37289fda-0ad3-11e5-b1f7-EXAMPLE", response.ResponseMetadata.RequestId);
            Assert.Equal(
                new IamInstanceProfile("web", "AIPAWF2ABWU5GN24MBMYM", "arn:aws:iam::123456789012:instance-profile/app/web", "/app/",
                    new DateTime(2026, 2, 10, 9, 42, 13, 512, DateTimeKind.Utc), profile.Roles, profile.Tags),
                profile);
            Assert.Equal(
                new IamRole("web-role", "AROAJZ4N32PB6CVJ5UQTK", "arn:aws:iam::123456789012:role/app/web-role", "/app/",
                    new DateTime(2026, 2, 10, 9, 41, 7, DateTimeKind.Utc), IamSamples.DecodedPolicy),
                Assert.Single(profile.Roles));
        }

        [Fact]
        public void ReadsAListPageWithoutAMarkerAsTheLastPage()
        {
            IamQueryResponse<Page<IamInstanceProfile>> response = Read("ListInstanceProfiles", IamSamples.ListInstanceProfiles(truncated: false, marker: null),
                context => IamXmlReader.ReadPage(context, "InstanceProfiles", IamXmlReader.ReadInstanceProfile));

            Assert.Null(response.Result!.NextToken);
            Assert.Equal(new[] { "web", "empty" }, response.Result.Items.Select(profile => profile.InstanceProfileName));
            Assert.Equal("list-request", response.ResponseMetadata.RequestId);
        }

        [Fact]
        public void ReadsListInstanceProfileTags()
        {
            const string body = @"<ListInstanceProfileTagsResponse xmlns=""https://iam.amazonaws.com/doc/2010-05-08/"">
  <ListInstanceProfileTagsResult>
    <IsTruncated>true</IsTruncated>
    <Marker>tags-2</Marker>
    <Tags>
      <member><Key>team</Key><Value>ops</Value></member>
      <member><Value>a b</Value><Key>stage</Key></member>
    </Tags>
  </ListInstanceProfileTagsResult>
  <ResponseMetadata><RequestId>tags-request</RequestId></ResponseMetadata>
</ListInstanceProfileTagsResponse>";

            IamQueryResponse<Page<Tag>> response = Read("ListInstanceProfileTags", body, context => IamXmlReader.ReadPage(context, "Tags", IamXmlReader.ReadTag));

            Assert.Equal(new Page<Tag>(response.Result!.Items, "tags-2"), response.Result);
            Assert.Equal(new[] { new Tag("team", "ops"), new Tag("stage", "a b") }, response.Result.Items);
        }

        [Fact]
        public void ReadsCreateRoleAndListRoles()
        {
            string create = @"<CreateRoleResponse xmlns=""" + IamSamples.Namespace + @"""><CreateRoleResult><Role>" +
                IamSamples.Role.Replace("<member>", string.Empty).Replace("</member>", string.Empty) +
                @"</Role></CreateRoleResult><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></CreateRoleResponse>";
            string list = @"<ListRolesResponse xmlns=""" + IamSamples.Namespace + @"""><ListRolesResult><IsTruncated>false</IsTruncated><Roles>" +
                IamSamples.Role + IamSamples.Role.Replace("web-role", "db-role") +
                @"</Roles></ListRolesResult><ResponseMetadata><RequestId>r2</RequestId></ResponseMetadata></ListRolesResponse>";

            IamRole created = Read("CreateRole", create, context => IamXmlReader.ReadSingle(context, "Role", IamXmlReader.ReadRole)).Result!;
            Page<IamRole> roles = Read("ListRoles", list, context => IamXmlReader.ReadPage(context, "Roles", IamXmlReader.ReadRole)).Result!;

            Assert.Equal("web-role", created.RoleName);
            Assert.Equal(IamSamples.DecodedPolicy, created.AssumeRolePolicyDocument);
            Assert.Equal(new[] { "web-role", "db-role" }, roles.Items.Select(role => role.RoleName));
            Assert.Null(roles.NextToken);
        }

        [Fact]
        public void SkipsMembersItDoesNotKnowEvenWhenTheyNestElementsOfKnownNames()
        {
            string body = @"<GetInstanceProfileResponse xmlns=""" + IamSamples.Namespace + @"""><GetInstanceProfileResult><InstanceProfile>
  <InstanceProfileName>web</InstanceProfileName>
  <Roles><member>
    <RoleName>web-role</RoleName>
    <RoleLastUsed><Region>eu-west-1</Region><LastUsedDate>2026-02-11T00:00:00Z</LastUsedDate></RoleLastUsed>
    <Tags><member><Key>role-tag</Key><Value>not the profile's</Value></member></Tags>
    <PermissionsBoundary><PermissionsBoundaryArn>arn:aws:iam::1:policy/b</PermissionsBoundaryArn><Arn>not-the-role-arn</Arn></PermissionsBoundary>
    <Arn>arn:aws:iam::123456789012:role/web-role</Arn>
  </member></Roles>
  <Tags/>
</InstanceProfile></GetInstanceProfileResult></GetInstanceProfileResponse>";

            IamInstanceProfile profile = Read("GetInstanceProfile", body,
                context => IamXmlReader.ReadSingle(context, "InstanceProfile", IamXmlReader.ReadInstanceProfile)).Result!;

            IamRole role = Assert.Single(profile.Roles);
            Assert.Equal("arn:aws:iam::123456789012:role/web-role", role.Arn);
            Assert.Empty(profile.Tags);
        }

        [Fact]
        public void ReadsTheRequestIdOfAnOperationWithoutResult()
        {
            IamQueryResponse<object> response = Read<object>("DeleteInstanceProfile", IamSamples.Empty("DeleteInstanceProfile"), null);

            Assert.Null(response.Result);
            Assert.Equal("DeleteInstanceProfile-request", response.ResponseMetadata.RequestId);
        }

        [Fact]
        public void ReadsAnErrorResponse()
        {
            var unmarshaller = new IamResponseUnmarshaller<object>("DeleteInstanceProfile", null);
            using XmlUnmarshallerContext context = Context(IamSamples.Error("Sender", "DeleteConflict", "Cannot delete entity, must remove roles from instance profile first.", "req-409"), isException: true);

            AmazonServiceException error = unmarshaller.UnmarshallException(context, null!, HttpStatusCode.Conflict);

            Assert.Equal("DeleteConflict", error.ErrorCode);
            Assert.Equal(ErrorType.Sender, error.ErrorType);
            Assert.Equal("Cannot delete entity, must remove roles from instance profile first.", error.Message);
            Assert.Equal("req-409", error.RequestId);
            Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        }

        [Theory]
        [InlineData("2026-02-10T09:41:07Z", 0)]
        [InlineData("2026-02-10T09:41:07.250Z", 250)]
        [InlineData("2026-02-10T10:41:07+01:00", 0)]
        public void ParsesIso8601DatesAsUtc(string text, int milliseconds)
        {
            DateTime parsed = IamXmlReader.ParseDate(text);

            Assert.Equal(new DateTime(2026, 2, 10, 9, 41, 7, milliseconds, DateTimeKind.Utc), parsed);
            Assert.Equal(DateTimeKind.Utc, parsed.Kind);
        }

        private static IamQueryResponse<T> Read<T>(string action, string body, Func<XmlUnmarshallerContext, T>? read)
        {
            using XmlUnmarshallerContext context = Context(body, isException: false);
            return (IamQueryResponse<T>)new IamResponseUnmarshaller<T>(action, read).Unmarshall(context);
        }

        private static XmlUnmarshallerContext Context(string body, bool isException) =>
            new(new MemoryStream(Encoding.UTF8.GetBytes(body)), false, null, isException);
    }
}
