using System;
using System.Linq;
using System.Text.Json;
using InstanceProfileTools.Sandbox.Admin;
using InstanceProfileTools.Sandbox.Hosting;
using InstanceProfileTools.Sandbox.Settings;
using InstanceProfileTools.Sandbox.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Sandbox.Tests
{
    /// <summary>The instance's view of its credentials (GET /_sandbox/instances/ID/credentials), on the manual clock.</summary>
    [Trait("Category", "Admin")]
    public sealed class InstanceCredentialsTests
    {
        private readonly TestSandbox _sandbox = new TestSandbox();

        public InstanceCredentialsTests()
        {
            _sandbox.ProfileWithRole("a");
            _sandbox.ProfileWithRole("b");
        }

        [Fact]
        public void UnknownInstanceHasNoView()
        {
            Assert.Null(InstanceCredentials.Describe(_sandbox.Store, "i-0123456789abcdef0"));
        }

        [Fact]
        public void InstanceOnAProfileSeesItsRoleShapedAsImdsServesItWithoutSecrets()
        {
            string instance = _sandbox.Launch(1, "a")[0];

            JsonElement view = View(instance);

            Assert.Equal(("Success", "AWS-HMAC", "a-role", true), (Text(view, "Code"), Text(view, "Type"), Text(view, "RoleName"), view.GetProperty("Healthy").GetBoolean()));
            Assert.EndsWith(":instance-profile/a", Text(view, "InstanceProfileArn"));
            Assert.Matches("^ASIA[A-Z2-7]{16}$", Text(view, "AccessKeyId"));
            Assert.Equal(DateTimeOffset.Parse(Text(view, "LastUpdated")).AddHours(6), DateTimeOffset.Parse(Text(view, "Expiration")));
            Assert.False(view.TryGetProperty("SecretAccessKey", out _));
            Assert.False(view.TryGetProperty("Token", out _));
        }

        [Fact]
        public void InstanceWithoutProfileHasNoCredentialsAndIsNotHealthy()
        {
            string instance = _sandbox.Launch(1)[0];

            JsonElement view = View(instance);

            Assert.Equal(("NoCredentials", false), (Text(view, "Code"), view.GetProperty("Healthy").GetBoolean()));
            Assert.False(view.TryGetProperty("RoleName", out _));
        }

        [Fact]
        public void AfterAReplaceTheInstanceKeepsThePreviousRoleForTheRefreshTimeAfterAssociated()
        {
            _sandbox.Store.Settings = SettingsMerger.Merge(_sandbox.Store.Settings, "{\"consistency\":{\"associatingMs\":500,\"credentialRefreshMs\":1000}}");
            string instance = _sandbox.Launch(1, "a")[0];
            Assert.Equal("NoCredentials", Text(View(instance), "Code"));
            _sandbox.Clock.Advance(1500);
            Assert.Equal("a-role", Text(View(instance), "RoleName"));

            string old = TestSandbox.Value(_sandbox.CallEc2("DescribeIamInstanceProfileAssociations"), "associationId");
            _sandbox.CallEc2("ReplaceIamInstanceProfileAssociation", ("AssociationId", old), ("IamInstanceProfile.Name", "b"));

            Assert.Equal("a-role", Text(View(instance), "RoleName"));
            _sandbox.Clock.Advance(1499);
            Assert.Equal("a-role", Text(View(instance), "RoleName"));
            _sandbox.Clock.Advance(1);
            Assert.Equal("b-role", Text(View(instance), "RoleName"));
        }

        [Fact]
        public void RefreshTimeIsTheOneInForceWhenTheAssociationWasMade()
        {
            string instance = _sandbox.Launch(1, "a")[0];
            _sandbox.Store.Settings = SettingsMerger.Merge(_sandbox.Store.Settings, "{\"consistency\":{\"credentialRefreshMs\":60000}}");

            Assert.Equal("a-role", Text(View(instance), "RoleName"));
        }

        [Fact]
        public void DisassociatedInstanceHasNoCredentials()
        {
            string instance = _sandbox.Launch(1, "a")[0];
            string association = TestSandbox.Value(_sandbox.CallEc2("DescribeIamInstanceProfileAssociations"), "associationId");

            _sandbox.CallEc2("DisassociateIamInstanceProfile", ("AssociationId", association));

            Assert.Equal("NoCredentials", Text(View(instance), "Code"));
        }

        [Fact]
        public void InstanceOnABrokenRoleIsNotHealthyWhileOthersAre()
        {
            string onA = _sandbox.Launch(1, "a")[0];
            string onB = _sandbox.Launch(1, "b")[0];

            _sandbox.Store.Settings = SettingsMerger.Merge(_sandbox.Store.Settings, "{\"brokenRoles\":[\"B-ROLE\"]}");

            Assert.Equal(("b-role", false), (Text(View(onB), "RoleName"), View(onB).GetProperty("Healthy").GetBoolean()));
            Assert.True(View(onA).GetProperty("Healthy").GetBoolean());
            Assert.Equal("Success", Text(View(onB), "Code"));
        }

        [Fact]
        public void KnobsComeFromTheCommandLine()
        {
            SandboxSettings settings = SandboxOptions.Parse(new[] { "--broken-roles", "x, y", "--credential-refresh-ms", "250" }, _ => null).Settings;

            Assert.Equal(new[] { "x", "y" }, settings.BrokenRoles);
            Assert.Equal(250, settings.Consistency.CredentialRefreshMs);
        }

        private JsonElement View(string instanceId)
        {
            lock (_sandbox.Store.Sync)
            {
                return JsonSerializer.SerializeToElement(InstanceCredentials.Describe(_sandbox.Store, instanceId));
            }
        }

        private static string Text(JsonElement view, string name) => view.GetProperty(name).GetString()!;
    }
}
