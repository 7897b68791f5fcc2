using System.Collections.Concurrent;
using System.Collections.Generic;
using InstanceProfileTools.Core;

namespace InstanceProfileTools.Core.Tests.Support
{
    /// <summary>An <see cref="IOperationLog"/> that keeps every line, for assertions.</summary>
    internal sealed class RecordingLog : IOperationLog
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyList<string> Lines => _lines.ToArray();

        public void Verbose(string message) => _lines.Enqueue("VERBOSE: " + message);

        public void Warning(string message) => _lines.Enqueue("WARNING: " + message);
    }
}
