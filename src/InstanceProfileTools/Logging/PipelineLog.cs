using System;
using System.Collections.Concurrent;
using System.Threading;
using InstanceProfileTools.Core;

namespace InstanceProfileTools.Logging
{
    /// <summary>
    /// The log Core writes to from any thread. Messages wait in a queue until the pipeline thread drains them:
    /// PowerShell allows WriteVerbose and WriteWarning on that thread only.
    /// </summary>
    internal sealed class PipelineLog : IOperationLog, IDisposable
    {
        private readonly ConcurrentQueue<LogEntry> _entries = new();
        private readonly AutoResetEvent _signal = new(false);

        /// <summary>Set whenever a message is queued, so that the pipeline thread wakes to write it.</summary>
        public WaitHandle Signal => _signal;

        public void Verbose(string message) => Enqueue(new LogEntry(false, message));

        public void Warning(string message) => Enqueue(new LogEntry(true, message));

        /// <summary>Writes every queued message; call on the pipeline thread only.</summary>
        public void Drain(Action<string> writeVerbose, Action<string> writeWarning)
        {
            while (_entries.TryDequeue(out LogEntry entry))
            {
                if (entry.IsWarning)
                {
                    writeWarning(entry.Message);
                }
                else
                {
                    writeVerbose(entry.Message);
                }
            }
        }

        public void Dispose() => _signal.Dispose();

        private void Enqueue(LogEntry entry)
        {
            _entries.Enqueue(entry);
            _signal.Set();
        }

        private readonly struct LogEntry
        {
            public LogEntry(bool isWarning, string message)
            {
                IsWarning = isWarning;
                Message = message;
            }

            public bool IsWarning { get; }

            public string Message { get; }
        }
    }
}
