using System.Text.Json;
using InstanceProfileTools.Sandbox.Admin;
using InstanceProfileTools.Sandbox.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Sandbox.Tests
{
    /// <summary>
    /// The instance's IMDS iam/ documents (EVIDENCE row 27): why a role change may not work. On the manual clock,
    /// without HTTP; <see cref="InstanceMetadataHostTests"/> holds the routes and the minted credentials.
    /// </summary>
    [Trait("Category", "Admin")]
    public sealed class InstanceMetadataTests
    {
        private const string Ec2Trust = "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
        private const string LambdaTrust = "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":[\"lambda.amazonaws.com\"]},\"Action\":\"sts:AssumeRole\"}]}";
        private const string DenyEc2Trust = "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}," +
            "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"*\"}]}";

        private readonly TestSandbox _sandbox = new TestSandbox();

        [Theory]
        [InlineData(Ec2Trust, "Success")]
        [InlineData(LambdaTrust, "AssumeRoleUnauthorizedAccess")]
        [InlineData(DenyEc2Trust, "AssumeRoleUnauthorizedAccess")]
        [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sts:*\"}]}", "Success")]
        public void TheRolesDocumentSaysWhetherEc2MayAssumeItWhileInfoShowsTheProfile(string trust, string code)
        {
            string instance = InstanceOn("app", trust);

            JsonElement credentials = Json(Credentials(instance, "app-role"));
            JsonElement info = Json(Info(instance));

            Assert.Equal(code, Text(credentials, "Code"));
            Assert.Equal(("Success", "arn:aws:iam::123456789012:instance-profile/app"), (Text(info, "Code"), Text(info, "InstanceProfileArn")));
            Assert.Equal(TestSandbox.Value(_sandbox.CallIam("GetInstanceProfile", ("InstanceProfileName", "app")), "InstanceProfileId"), Text(info, "InstanceProfileId"));
            Assert.Equal("app-role", Listing(instance));
        }

        [Fact]
        public void ARoleEc2MayNotAssumeAnswersImdsMessageWithoutCredentials()
        {
            string instance = InstanceOn("app", LambdaTrust);

            MetadataAnswer answer = Credentials(instance, "app-role");

            Assert.Equal(200, answer.Status);
            JsonElement document = Json(answer);
            Assert.Equal("EC2 cannot assume the role app-role.  Please see documentation at http://docs.amazonwebservices.com/IAM/latest/UserGuide/RolesTroubleshooting.html.", Text(document, "Message"));
            Assert.False(document.TryGetProperty("AccessKeyId", out _));
            Assert.Empty(_sandbox.Store.Sessions.All());
        }

        [Fact]
        public void TrustedRoleGetsSandboxSessionCredentialsForTheInstanceKeptUntilTheHourlyRotation()
        {
            string instance = InstanceOn("app", Ec2Trust);

            JsonElement first = Json(Credentials(instance, "app-role"));
            JsonElement again = Json(Credentials(instance, "app-role"));
            _sandbox.Clock.Advance(3_600_000);
            JsonElement rotated = Json(Credentials(instance, "app-role"));

            Assert.Equal("AWS-HMAC", Text(first, "Type"));
            Assert.Matches("^ASIA[A-Z0-9]{16}$", Text(first, "AccessKeyId"));
            Assert.Equal(Text(first, "AccessKeyId"), Text(again, "AccessKeyId"));
            Assert.NotEqual(Text(first, "AccessKeyId"), Text(rotated, "AccessKeyId"));
            var session = _sandbox.Store.Sessions.Find(Text(first, "AccessKeyId"))!;
            Assert.Equal((Text(first, "SecretAccessKey"), Text(first, "Token")), (session.SecretAccessKey, session.SessionToken));
            Assert.Equal($"arn:aws:sts::123456789012:assumed-role/app-role/{instance}", session.AssumedRoleArn);
            Assert.Equal(System.DateTimeOffset.Parse(Text(first, "LastUpdated")).AddHours(6), System.DateTimeOffset.Parse(Text(first, "Expiration")));
        }

        [Fact]
        public void UpdateAssumeRolePolicyTurnsTheRefusalIntoSuccess()
        {
            string instance = InstanceOn("app", LambdaTrust);
            Assert.Equal("AssumeRoleUnauthorizedAccess", Text(Json(Credentials(instance, "app-role")), "Code"));

            _sandbox.CallIam("UpdateAssumeRolePolicy", ("RoleName", "app-role"), ("PolicyDocument", Ec2Trust));

            Assert.Equal("Success", Text(Json(Credentials(instance, "app-role")), "Code"));
        }

        [Fact]
        public void AnEmptyProfileSaysItHoldsNoRoleAndHasNoCredentials()
        {
            string instance = InstanceOn("app", Ec2Trust);

            _sandbox.CallIam("RemoveRoleFromInstanceProfile", ("InstanceProfileName", "app"), ("RoleName", "app-role"));

            JsonElement info = Json(Info(instance));
            Assert.Equal((InstanceMetadata.NoRoleCode, "Instance Profile does not contain a role."), (Text(info, "Code"), Text(info, "Message")));
            Assert.Equal(404, Credentials(instance, "app-role").Status);
            Assert.Equal(404, InstanceMetadata.SecurityCredentials(_sandbox.Store, instance, null, null, null)!.Status);
        }

        [Fact]
        public void ADeletedProfileIsInstanceProfileNotFoundEvenWhenMadeAgainUnderItsName()
        {
            string instance = InstanceOn("app", Ec2Trust);
            _sandbox.CallIam("RemoveRoleFromInstanceProfile", ("InstanceProfileName", "app"), ("RoleName", "app-role"));
            _sandbox.CallIam("DeleteInstanceProfile", ("InstanceProfileName", "app"));
            Assert.Equal("InstanceProfileNotFound", Text(Json(Info(instance)), "Code"));

            _sandbox.CallIam("CreateInstanceProfile", ("InstanceProfileName", "app"));
            _sandbox.CallIam("AddRoleToInstanceProfile", ("InstanceProfileName", "app"), ("RoleName", "app-role"));

            Assert.Equal("InstanceProfileNotFound", Text(Json(Info(instance)), "Code"));
            Assert.Equal(404, Credentials(instance, "app-role").Status);
        }

        [Fact]
        public void AnInstanceWithoutAssociationHasNoIamDocuments()
        {
            string instance = _sandbox.Launch(1)[0];

            Assert.Equal((404, 404, 404), (Info(instance).Status, Credentials(instance, "app-role").Status, InstanceMetadata.SecurityCredentials(_sandbox.Store, instance, null, null, null)!.Status));
            Assert.Equal(instance, Json(Info(instance)).GetProperty("instanceId").GetString());
        }

        [Fact]
        public void ADocumentOfAnotherRoleNameIsNotFound()
        {
            string instance = InstanceOn("app", Ec2Trust);

            Assert.Equal(404, Credentials(instance, "APP-ROLE").Status);
            Assert.Equal(404, Credentials(instance, "other").Status);
        }

        [Fact]
        public void AnUnknownInstanceOrOneOutsideTheNamedAccountAndRegionHasNoView()
        {
            _sandbox.Region = "eu-west-1";
            string instance = InstanceOn("app", Ec2Trust);

            Assert.Null(InstanceMetadata.IamInfo(_sandbox.Store, "i-0123456789abcdef0", null, null));
            Assert.Null(InstanceMetadata.IamInfo(_sandbox.Store, instance, null, "us-east-1"));
            Assert.Null(InstanceMetadata.SecurityCredentials(_sandbox.Store, instance, null, "210987654321", null));
            Assert.Equal(200, InstanceMetadata.IamInfo(_sandbox.Store, instance, "123456789012", "eu-west-1")!.Status);
        }

        [Fact]
        public void WhileAReplaceIsAssociatingTheDocumentsStillShowTheOldProfile()
        {
            string instance = InstanceOn("old", Ec2Trust);
            ProfileWithTrustedRole("new", Ec2Trust);
            _sandbox.Store.Settings.Consistency.AssociatingMs = 1000;
            string association = TestSandbox.Value(_sandbox.CallEc2("DescribeIamInstanceProfileAssociations"), "associationId");

            _sandbox.CallEc2("ReplaceIamInstanceProfileAssociation", ("AssociationId", association), ("IamInstanceProfile.Name", "new"));

            Assert.EndsWith("/old", Text(Json(Info(instance)), "InstanceProfileArn"));
            _sandbox.Clock.Advance(1000);
            Assert.EndsWith("/new", Text(Json(Info(instance)), "InstanceProfileArn"));
            Assert.Equal("new-role", Listing(instance));
        }

        private string InstanceOn(string profile, string trust)
        {
            ProfileWithTrustedRole(profile, trust);
            return _sandbox.Launch(1, profile)[0];
        }

        private void ProfileWithTrustedRole(string profile, string trust)
        {
            _sandbox.CallIam("CreateRole", ("RoleName", profile + "-role"), ("AssumeRolePolicyDocument", trust));
            _sandbox.CallIam("CreateInstanceProfile", ("InstanceProfileName", profile));
            _sandbox.CallIam("AddRoleToInstanceProfile", ("InstanceProfileName", profile), ("RoleName", profile + "-role"));
        }

        private MetadataAnswer Info(string instance) => InstanceMetadata.IamInfo(_sandbox.Store, instance, null, null)!;

        private MetadataAnswer Credentials(string instance, string role) => InstanceMetadata.SecurityCredentials(_sandbox.Store, instance, role, null, null)!;

        private string Listing(string instance)
        {
            MetadataAnswer answer = InstanceMetadata.SecurityCredentials(_sandbox.Store, instance, null, null, null)!;
            Assert.Equal((200, "text/plain"), (answer.Status, answer.ContentType));
            return answer.Body;
        }

        private static JsonElement Json(MetadataAnswer answer) => JsonDocument.Parse(answer.Body).RootElement.Clone();

        private static string Text(JsonElement document, string name) => document.GetProperty(name).GetString()!;
    }
}
