using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using InstanceProfileTools.Sandbox.Hosting;
using InstanceProfileTools.Sandbox.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Sandbox.Tests
{
    /// <summary>Several accounts: keys that belong to them (--account, --credentials K:S:ACCOUNT) and what each sees.</summary>
    [Trait("Category", "Estate")]
    public sealed class AccountsTests
    {
        [Fact]
        public void AccountOptionIsRepeatableAndAddsAKeyToItsAccount()
        {
            SandboxOptions options = SandboxOptions.Parse(
                new[] { "--account", "210987654321=AKIDOTHER:other:secret", "--account=111122223333=AKIDTHIRD:third" },
                _ => null);

            Assert.Equal(("other:secret", "210987654321"), (options.Credentials["AKIDOTHER"], options.AccountsByAccessKey["AKIDOTHER"]));
            Assert.Equal(("third", "111122223333"), (options.Credentials["AKIDTHIRD"], options.AccountsByAccessKey["AKIDTHIRD"]));
            Assert.Equal("test", options.Credentials["test"]);
            Assert.Equal(new[] { "123456789012", "111122223333", "210987654321" }, options.AccountIds);
        }

        [Fact]
        public void AccountsComeFromTheEnvironmentSeparatedByCommasUnlessTheCommandLineGivesSome()
        {
            var environment = new Dictionary<string, string> { ["SANDBOX_ACCOUNTS"] = "210987654321=AK1:s1, 111122223333=AK2:s2" };

            SandboxOptions fromEnvironment = SandboxOptions.Parse(Array.Empty<string>(), environment.GetValueOrDefault);
            SandboxOptions fromArgs = SandboxOptions.Parse(new[] { "--account", "444455556666=AK3:s3" }, environment.GetValueOrDefault);

            Assert.Equal(new[] { "AK1", "AK2" }, fromEnvironment.AccountsByAccessKey.Keys.Order());
            Assert.Equal("111122223333", fromEnvironment.AccountsByAccessKey["AK2"]);
            Assert.Equal(new[] { "AK3" }, fromArgs.AccountsByAccessKey.Keys);
        }

        [Theory]
        [InlineData("21098765432=AK:s")]
        [InlineData("AK:s")]
        [InlineData("210987654321=AK")]
        [InlineData("210987654321=:s")]
        public void AccountOptionRefusesEntriesNotShapedAccountEqualsKeyColonSecretWithoutEchoingTheSecret(string entry)
        {
            ArgumentException error = Assert.Throws<ArgumentException>(() => SandboxOptions.Parse(new[] { "--account", entry }, _ => null));

            Assert.Contains("--account takes ACCOUNT_ID=ACCESS_KEY:SECRET_KEY", error.Message);
            Assert.DoesNotContain(":s", error.Message);
        }

        [Fact]
        public async Task EachKeyActsInItsOwnAccountOverHttp()
        {
            string[] args = { "--port", "0", "--account", "210987654321=AKIDOTHER:other", "--credentials", "AKIDTHIRD:third:111122223333" };
            await using SandboxHost host = await SandboxHost.StartAsync(SandboxOptions.Parse(args, _ => null));
            using var first = new SandboxClient(host.Url);
            using SandboxClient second = first.With("AKIDOTHER", "other");
            using SandboxClient third = first.With("AKIDTHIRD", "third");

            var (_, created) = await first.CallAsync("iam", "CreateRole", ("RoleName", "app"), ("AssumeRolePolicyDocument", "{}"));
            var (otherStatus, otherCreated) = await second.CallAsync("iam", "CreateRole", ("RoleName", "app"), ("AssumeRolePolicyDocument", "{}"));
            var (thirdStatus, thirdGot) = await third.CallAsync("iam", "GetRole", ("RoleName", "app"));
            await second.CallAsync("ec2", "RunInstances", ("ImageId", "ami-12345678"), ("MinCount", "2"), ("MaxCount", "2"));
            var (_, firstInstances) = await first.CallAsync("ec2", "DescribeInstances");
            var (_, secondInstances) = await second.CallAsync("ec2", "DescribeInstances");

            Assert.Equal("arn:aws:iam::123456789012:role/app", SandboxClient.Value(created, "Arn"));
            Assert.Equal((200, "arn:aws:iam::210987654321:role/app"), (otherStatus, SandboxClient.Value(otherCreated, "Arn")));
            Assert.Equal((404, "NoSuchEntity"), (thirdStatus, SandboxClient.Value(thirdGot, "Code")));
            Assert.DoesNotContain(firstInstances.Descendants(), e => e.Name.LocalName == "instanceId");
            Assert.Equal(2, secondInstances.Descendants().Count(e => e.Name.LocalName == "instanceId"));
            Assert.Equal("210987654321", SandboxClient.Value(secondInstances, "ownerId"));
            JsonElement health = (await first.AdminAsync(HttpMethod.Get, "health")).Body;
            Assert.Equal(new[] { "123456789012", "111122223333", "210987654321" }, health.GetProperty("accounts").EnumerateArray().Select(a => a.GetString()));
            Assert.Equal(17, health.GetProperty("regions").GetArrayLength());
        }
    }
}
