using System;
using System.Collections.Generic;
using System.IO;
using Amazon.Runtime.CredentialManagement;
using InstanceProfileTools.Core.Connection;

namespace InstanceProfileTools.Core.Tests.Support
{
    /// <summary>
    /// An <see cref="AwsEnvironment"/> made of given variables and a temporary shared credentials file, so that
    /// tests never read or change the process's environment or the user's ~/.aws files.
    /// </summary>
    internal sealed class TestEnvironment : IDisposable
    {
        private readonly string _directory = Path.Combine(Path.GetTempPath(), "ipt-core-tests-" + Guid.NewGuid().ToString("N"));

        public TestEnvironment(IReadOnlyDictionary<string, string>? variables = null, string? credentialsFile = null, string? instanceMetadataRegion = null)
        {
            Directory.CreateDirectory(_directory);
            string credentialsPath = Path.Combine(_directory, "credentials");
            File.WriteAllText(credentialsPath, credentialsFile ?? string.Empty);
            var values = variables ?? new Dictionary<string, string>();
            Environment = new AwsEnvironment(
                name => values.TryGetValue(name, out string? value) ? value : null,
                new CredentialProfileStoreChain(credentialsPath),
                () => instanceMetadataRegion);
        }

        public AwsEnvironment Environment { get; }

        public void Dispose() => Directory.Delete(_directory, recursive: true);
    }
}
