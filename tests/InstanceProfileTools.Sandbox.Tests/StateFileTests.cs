using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using InstanceProfileTools.Sandbox.Hosting;
using InstanceProfileTools.Sandbox.State;
using InstanceProfileTools.Sandbox.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Sandbox.Tests
{
    /// <summary>--state FILE: atomic saves, refused corrupt files, and the real executable killed mid-write.</summary>
    [Trait("Category", "State")]
    public sealed class StateFileTests : IDisposable
    {
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
            Assert.Null(new StateFile(_file).Load());
        }

        [Fact]
        public void SaveReplacesTheFileWholeAndLeavesNoTemporaryFile()
        {
            var stateFile = new StateFile(_file);
            stateFile.Save(StateWithRoles("first"));

            stateFile.Save(StateWithRoles("second", "third"));

            Assert.Equal(new[] { "second", "third" }, stateFile.Load()!.Roles.Keys.OrderBy(k => k));
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

            InvalidDataException error = Assert.Throws<InvalidDataException>(() => new StateFile(_file).Load());

            Assert.Contains(_file, error.Message);
            Assert.Contains(problem, error.Message);
            Assert.Equal(content, File.ReadAllText(_file));
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

            SandboxState saved = new StateFile(_file).Load()!;
            Assert.True(saved.Roles.Count >= Answered, $"{saved.Roles.Count} roles saved, {Answered} answered");

            using SandboxProcess restarted = SandboxProcess.Start("--port", "0", "--state", _file);
            using var again = new SandboxClient(await restarted.ListeningAsync());
            var (status, _) = await again.CallAsync("iam", "GetRole", ("RoleName", saved.Roles.Keys.First()));
            Assert.Equal(200, status);
        }

        private static SandboxState StateWithRoles(params string[] names)
        {
            var state = new SandboxState();
            foreach (string name in names)
            {
                state.Roles[name] = new RoleEntity { RoleName = name, Arn = "arn:aws:iam::123456789012:role/" + name };
            }

            return state;
        }
    }
}
