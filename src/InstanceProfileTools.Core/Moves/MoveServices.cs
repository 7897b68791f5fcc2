using System.Threading;
using InstanceProfileTools.Core.Journal;
using InstanceProfileTools.Core.Retry;

namespace InstanceProfileTools.Core.Moves
{
    /// <summary>What every move of a run shares: its EC2 calls, the shared poll, the journal, the settings and the stop token.</summary>
    internal sealed class MoveServices
    {
        public MoveServices(RoleChangeCalls calls, AssociationWatch watch, RunJournal journal, RoleChangeOptions options, IClock clock, IOperationLog log, Backoff backoff, CancellationToken stop)
        {
            Calls = calls;
            Watch = watch;
            Journal = journal;
            Options = options;
            Clock = clock;
            Log = log;
            Backoff = backoff;
            Stop = stop;
        }

        public RoleChangeCalls Calls { get; }

        public AssociationWatch Watch { get; }

        public RunJournal Journal { get; }

        public RoleChangeOptions Options { get; }

        public IClock Clock { get; }

        public IOperationLog Log { get; }

        /// <summary>How propagation retries and unexplained failures back off.</summary>
        public Backoff Backoff { get; }

        /// <summary>Ctrl+C: no new change starts; waits that leave an instance with a profile end.</summary>
        public CancellationToken Stop { get; }
    }
}
