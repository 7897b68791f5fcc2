using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using System.Xml.Linq;
using InstanceProfileTools.Sandbox.Ec2;
using InstanceProfileTools.Sandbox.Hosting;
using InstanceProfileTools.Sandbox.Protocol;
using InstanceProfileTools.Sandbox.Settings;
using InstanceProfileTools.Sandbox.State;
using InstanceProfileTools.Sandbox.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Sandbox.Tests
{
    /// <summary>--state FILE: atomic saves, refused corrupt files, and the real executable killed mid-write.</summary>
    [Trait("Category", "State")]
    public sealed class StateFileTests : IDisposable
    {
        private const string DefaultAccount = "123456789012";

        private readonly string _folder = Path.Combine(Path.GetTempPath(), $"ipt-state-{Guid.NewGuid():N}");
        private readonly string _file;

        public StateFileTests()
        {
            Directory.CreateDirectory(_folder);
            _file = Path.Combine(_folder, "state.json");
        }

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        [Fact]
        public void MissingFileLoadsAsNoState()
        {
            Assert.Null(new StateFile(_file).Load(DefaultAccount));
        }

        [Fact]
        public void SaveReplacesTheFileWholeAndLeavesNoTemporaryFile()
        {
            var stateFile = new StateFile(_file);
            stateFile.Save(StateWithRoles("first"));

            stateFile.Save(StateWithRoles("second", "third"));

            Assert.Equal(new[] { "second", "third" }, stateFile.Load(DefaultAccount)!.Account(DefaultAccount).Roles.Keys.OrderBy(k => k));
            Assert.Equal(new[] { _file }, Directory.GetFiles(_folder));
        }

        [Theory]
        [InlineData("", "it is empty")]
        [InlineData("   \n", "it is empty")]
        [InlineData("null", "it holds null")]
        [InlineData("[1, 2]", "truncated or corrupt")]
        [InlineData("{\"InstanceProfiles\": {\"a\": {\"InstanceProfileName\": \"a\", \"Pa", "truncated or corrupt")]
        public void UnreadableFileIsRefusedNamingFileAndProblemAndLeftAlone(string content, string problem)
        {
            File.WriteAllText(_file, content);

            InvalidDataException error = Assert.Throws<InvalidDataException>(() => new StateFile(_file).Load(DefaultAccount));

            Assert.Contains(_file, error.Message);
            Assert.Contains(problem, error.Message);
            Assert.Equal(content, File.ReadAllText(_file));
        }

        [Fact]
        public void FlatWorldOfTheFirstShapeLoadsIntoTheDefaultAccountWithItsInstancesInUsEast1()
        {
            // What a sandbox before accounts and regions wrote: one world, everything at the top.
            File.WriteAllText(_file, """
                {"InstanceProfiles": {"Web": {"InstanceProfileName": "Web", "Arn": "arn:aws:iam::123456789012:instance-profile/Web", "RoleNames": ["r"]}},
                 "Roles": {"r": {"RoleName": "r", "Arn": "arn:aws:iam::123456789012:role/r"}},
                 "Instances": {"i-0123456789abcdef0": {"InstanceId": "i-0123456789abcdef0", "State": "running"}},
                 "Associations": [{"AssociationId": "iip-assoc-0123456789abcdef0", "InstanceId": "i-0123456789abcdef0",
                                   "InstanceProfileArn": "arn:aws:iam::123456789012:instance-profile/Web", "CreatedSeq": 2}],
                 "LastSequence": 2}
                """);

            SandboxState state = new StateFile(_file).Load("111122223333")!;

            AccountState account = Assert.Single(state.Accounts).Value;
            Assert.Equal("111122223333", state.Accounts.Keys.Single());
            Assert.Same(account.InstanceProfiles["web"], account.InstanceProfiles["WEB"]);
            Assert.Equal(new[] { "r" }, account.Roles.Keys);
            RegionState region = Assert.Single(account.Regions, r => r.Key == "us-east-1").Value;
            Assert.Equal("iip-assoc-0123456789abcdef0", region.ActiveAssociation("i-0123456789abcdef0")!.AssociationId);
            Assert.Equal((2L, 3L, SandboxState.CurrentVersion), (state.LastSequence, state.NextSequence(), state.Version));
        }

        [Fact]
        public void StateOfSeveralAccountsAndRegionsComesBackWhole()
        {
            var state = new SandboxState();
            state.Account("111122223333").Region("eu-west-1").Instances["i-0123456789abcdef0"] = new InstanceEntity { InstanceId = "i-0123456789abcdef0" };
            state.Account("444455556666").Roles["Admin"] = new RoleEntity { RoleName = "Admin" };
            var stateFile = new StateFile(_file);

            stateFile.Save(state);
            SandboxState loaded = stateFile.Load(DefaultAccount)!;

            Assert.Equal(new[] { "111122223333", "444455556666" }, loaded.Accounts.Keys.OrderBy(k => k));
            Assert.True(loaded.Account("111122223333").Region("eu-west-1").Instances.ContainsKey("i-0123456789abcdef0"));
            Assert.True(loaded.Account("444455556666").Roles.ContainsKey("admin"));
        }

        [Fact]
        public void StateOfANewerSandboxIsRefused()
        {
            File.WriteAllText(_file, "{\"Version\": 99, \"Accounts\": {}}");

            InvalidDataException error = Assert.Throws<InvalidDataException>(() => new StateFile(_file).Load(DefaultAccount));

            Assert.Contains("written by a newer sandbox (state version 99", error.Message);
        }

        [Fact]
        public async Task ExecutableRefusesATruncatedFileWithExitCodeOneAndLeavesItUntouched()
        {
            var stateFile = new StateFile(_file);
            stateFile.Save(StateWithRoles("kept"));
            byte[] whole = File.ReadAllBytes(_file);
            byte[] truncated = whole.Take(whole.Length / 2).ToArray();
            File.WriteAllBytes(_file, truncated);

            using SandboxProcess sandbox = SandboxProcess.Start("--port", "0", "--state", _file);

            Assert.Equal(1, await sandbox.ExitCodeAsync());
            Assert.Contains($"The sandbox could not start: The state file {_file} cannot be read: it is truncated or corrupt", sandbox.Stderr);
            Assert.Equal(truncated, File.ReadAllBytes(_file));
        }

        [Fact]
        public async Task ExecutableKilledWhileWritingLeavesAFileThatParsesWithEveryAnsweredChange()
        {
            const int Answered = 10;
            using (SandboxProcess sandbox = SandboxProcess.Start("--port", "0", "--state", _file))
            {
                using var client = new SandboxClient(await sandbox.ListeningAsync());

                // Many changes in flight; each is saved before it is answered, so the kill below lands mid-save.
                Task<(int, System.Xml.Linq.XElement)>[] calls = Enumerable.Range(0, 60)
                    .Select(i => client.CallAsync("iam", "CreateRole", ("RoleName", $"r{i}"), ("AssumeRolePolicyDocument", "{}")))
                    .ToArray();
                while (calls.Count(c => c.IsCompletedSuccessfully) < Answered)
                {
                    await Task.WhenAny(calls.Where(c => !c.IsCompleted));
                }

                await sandbox.KillAsync();
                await Task.WhenAll(calls.Select(c => c.ContinueWith(_ => { }, TaskScheduler.Default)));
            }

            Dictionary<string, RoleEntity> saved = new StateFile(_file).Load(DefaultAccount)!.Account(DefaultAccount).Roles;
            Assert.True(saved.Count >= Answered, $"{saved.Count} roles saved, {Answered} answered");

            using SandboxProcess restarted = SandboxProcess.Start("--port", "0", "--state", _file);
            using var again = new SandboxClient(await restarted.ListeningAsync());
            var (status, _) = await again.CallAsync("iam", "GetRole", ("RoleName", saved.Keys.First()));
            Assert.Equal(200, status);
        }

        [Fact]
        public void LaunchTemplatesAndInstanceTagsSurviveARestart()
        {
            var before = new TestSandbox();
            string template = TestSandbox.Value(before.CallEc2("CreateLaunchTemplate", ("LaunchTemplateName", "web"), ("LaunchTemplateData.ImageId", "ami-12345678"),
                ("LaunchTemplateData.IamInstanceProfile.Name", "web")), "launchTemplateId");
            before.CallEc2("CreateLaunchTemplateVersion", ("LaunchTemplateId", template), ("SourceVersion", "1"), ("LaunchTemplateData.InstanceType", "t3.small"));
            string instance = before.Launch(1)[0];
            before.CallEc2("CreateTags", ("ResourceId.1", instance), ("Tag.1.Key", "team"), ("Tag.1.Value", "blue"));
            new StateFile(_file).Save(before.Store.State);

            var store = new SandboxStore(new ManualClock(), DefaultAccount, new SandboxSettings(), new StateFile(_file).Load(DefaultAccount));
            var ec2 = new Ec2Service(store, DefaultAccount, "us-east-1");
            XElement Call(string action, params (string Name, string Value)[] parameters) =>
                ec2.Handle(new AwsRequest(ServiceKind.Ec2, action, parameters.ToDictionary(p => p.Name, p => p.Value), "r"), false);

            XElement latest = Call("DescribeLaunchTemplateVersions", ("LaunchTemplateName", "web"), ("LaunchTemplateVersion.1", "$Latest"));
            Assert.Equal(("2", "t3.small", "web"), (TestSandbox.Value(latest, "versionNumber"), TestSandbox.Value(latest, "instanceType"), TestSandbox.Value(latest, "name")));
            Assert.Equal(instance, TestSandbox.Value(Call("DescribeInstances", ("Filter.1.Name", "tag:team"), ("Filter.1.Value.1", "blue")), "instanceId"));
        }

        private static SandboxState StateWithRoles(params string[] names)
        {
            var state = new SandboxState();
            foreach (string name in names)
            {
                state.Account(DefaultAccount).Roles[name] = new RoleEntity { RoleName = name, Arn = "arn:aws:iam::123456789012:role/" + name };
            }

            return state;
        }
    }
}
