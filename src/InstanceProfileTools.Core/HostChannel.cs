using System;
using System.Collections.Concurrent;
using System.Threading;
using InstanceProfileTools.Core.Moves;

namespace InstanceProfileTools.Core
{
    /// <summary>
    /// The one way from Core to the thread that drives it (a cmdlet's pipeline thread, the only one PowerShell lets
    /// write): log lines and a run's reports, typed, in the order Core made them. Written from any thread; read on that
    /// one, which waits on <see cref="Signal"/>.
    /// </summary>
    public sealed class HostChannel : IOperationLog, IDisposable
    {
        private readonly ConcurrentQueue<HostMessage> _messages = new();
        private readonly AutoResetEvent _signal = new(false);

        /// <summary>Set whenever a message is posted or <see cref="Wake"/> is called.</summary>
        public WaitHandle Signal => _signal;

        public void Verbose(string message) => Post(new HostMessage(HostMessageKind.Verbose, message, null));

        public void Warning(string message) => Post(new HostMessage(HostMessageKind.Warning, message, null));

        /// <summary>Posts one report of a run.</summary>
        public void Report(RoleChangeEvent report) => Post(new HostMessage(HostMessageKind.Report, null, report ?? throw new ArgumentNullException(nameof(report))));

        /// <summary>Wakes the reader without a message: something it polls (a run's end) has changed.</summary>
        public void Wake() => _signal.Set();

        /// <summary>Takes the next message, if any.</summary>
        public bool TryRead(out HostMessage message) => _messages.TryDequeue(out message);

        public void Dispose() => _signal.Dispose();

        private void Post(HostMessage message)
        {
            _messages.Enqueue(message);
            _signal.Set();
        }
    }

    public enum HostMessageKind
    {
        Verbose,
        Warning,
        Report,
    }

    /// <summary>One message of a <see cref="HostChannel"/>: a log line (<see cref="Text"/>) or a run's report.</summary>
    public readonly record struct HostMessage(HostMessageKind Kind, string? Text, RoleChangeEvent? Report);
}
