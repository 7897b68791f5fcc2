using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Operations;
using InstanceProfileTools.Core.Ec2;
using InstanceProfileTools.Core.Retry;

namespace InstanceProfileTools.Core.Moves
{
    /// <summary>
    /// One shared poll for every instance of a run that waits on its associations: each interval, one read of
    /// up to 200 waiting instances answers all of them, where a loop per instance would ask EC2 once per instance.
    /// The poll runs only while someone waits; a wait ends when its condition holds, or fails at its timeout.
    /// </summary>
    internal sealed class AssociationWatch
    {
        private readonly OperationContext _context;
        private readonly object _lock = new();
        private readonly List<Waiter> _waiters = new();
        private bool _polling;

        public AssociationWatch(OperationContext context)
        {
            _context = context;
        }

        /// <summary>
        /// Answers the instance's associations once <paramref name="isDone"/> holds on them, read no sooner than
        /// one poll interval from now; <see cref="ErrorIds.WaitTimedOut"/> naming <paramref name="description"/>
        /// and what was last seen when it does not within <paramref name="timeout"/>.
        /// </summary>
        public Task<IReadOnlyList<ProfileAssociation>> UntilAsync(
            string instanceId,
            string description,
            Func<IReadOnlyList<ProfileAssociation>, bool> isDone,
            TimeSpan timeout,
            AttemptCounter counter,
            CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var waiter = new Waiter(instanceId, description, isDone, _context.Clock.UtcNow + timeout, timeout, counter);
            waiter.Cancellation = cancellationToken.Register(() =>
            {
                lock (_lock) _waiters.Remove(waiter);
                waiter.Done.TrySetCanceled(cancellationToken);
            });
            lock (_lock)
            {
                _waiters.Add(waiter);
                if (!_polling)
                {
                    _polling = true;
                    _ = Task.Run(PollAsync);
                }
            }

            return waiter.Done.Task;
        }

        private async Task PollAsync()
        {
            while (true)
            {
                await _context.Clock.Delay(_context.Waits.PollInterval, CancellationToken.None).ConfigureAwait(false);
                Waiter[] waiting;
                lock (_lock)
                {
                    if (_waiters.Count == 0)
                    {
                        _polling = false;
                        return;
                    }

                    waiting = _waiters.ToArray();
                }

                // No wait outlives its deadline, whatever the reads are doing.
                waiting = waiting.Where(waiter => !TimedOut(waiter, _context.Clock.UtcNow)).ToArray();
                foreach (Waiter[] batch in Batches(waiting))
                {
                    try
                    {
                        await PollOnceAsync(batch).ConfigureAwait(false);
                    }
                    catch (Exception unexpected)
                    {
                        // A poll that fails must fail its waits, never leave them hanging.
                        foreach (Waiter waiter in batch)
                        {
                            Finish(waiter, new InstanceProfileToolsException(ErrorIds.WaitTimedOut, FailureKind.NotSpecified, waiter.InstanceId,
                                $"Waiting for {waiter.Description} failed: the read of the associations failed ({unexpected.Message}).", unexpected));
                        }
                    }
                }
            }
        }

        private async Task PollOnceAsync(Waiter[] batch)
        {
            IReadOnlyDictionary<string, IReadOnlyList<ProfileAssociation>>? read = null;
            string? missed = null;
            try
            {
                read = await AssociationReader.ReadAsync(_context.Ec2, batch.Select(w => w.InstanceId).ToList(), CancellationToken.None).ConfigureAwait(false);
            }
            catch (AwsServiceException error) when (TransientErrors.IsPropagationOrTransient(error) || error.ErrorId == ErrorIds.EndpointUnreachable)
            {
                // A read that failed is a miss, as in Poller: the next interval reads again.
                missed = error.ErrorCode;
            }
            catch (InstanceProfileToolsException error)
            {
                foreach (Waiter waiter in batch) Finish(waiter, error);
                return;
            }

            DateTimeOffset now = _context.Clock.UtcNow;
            foreach (Waiter waiter in batch)
            {
                waiter.Counter.Add(1);
                if (read is not null)
                {
                    IReadOnlyList<ProfileAssociation> associations = read[waiter.InstanceId];
                    if (waiter.IsDone(associations))
                    {
                        Finish(waiter, associations);
                        continue;
                    }

                    waiter.LastSeen = Describe(associations);
                }
                else
                {
                    waiter.LastSeen = missed!;
                }

                if (!TimedOut(waiter, now + _context.Waits.PollInterval))
                {
                    _context.Log.Verbose($"Waiting for {waiter.Description} (last seen: {waiter.LastSeen}).");
                }
            }
        }

        // Fails the waiter when its deadline comes before the moment given.
        private bool TimedOut(Waiter waiter, DateTimeOffset by)
        {
            if (by <= waiter.Deadline)
            {
                return false;
            }

            Finish(waiter, new InstanceProfileToolsException(ErrorIds.WaitTimedOut, FailureKind.OperationTimeout, waiter.InstanceId,
                $"Timed out after {waiter.Timeout.TotalSeconds:0} s waiting for {waiter.Description}; last seen: {waiter.LastSeen}. " +
                "Raise -Timeout, or check the state in the AWS console."));
            return true;
        }

        /// <summary>How the waits describe an instance's associations.</summary>
        public static string Describe(IReadOnlyList<ProfileAssociation> associations) =>
            associations.Count == 0
                ? "no association"
                : string.Join(", ", associations.Select(a => $"{a.AssociationId} {a.State.ToString().ToLowerInvariant()} {a.InstanceProfileArn}"));

        private static IEnumerable<Waiter[]> Batches(Waiter[] waiting)
        {
            // Waiters of one instance share a read: group by instance, 200 instances a batch.
            var byInstance = waiting.GroupBy(w => w.InstanceId, StringComparer.Ordinal).ToList();
            for (int i = 0; i < byInstance.Count; i += AssociationReader.MaxIdsPerCall)
            {
                yield return byInstance.Skip(i).Take(AssociationReader.MaxIdsPerCall).SelectMany(group => group).ToArray();
            }
        }

        private void Finish(Waiter waiter, IReadOnlyList<ProfileAssociation> associations)
        {
            if (Remove(waiter)) waiter.Done.TrySetResult(associations);
        }

        private void Finish(Waiter waiter, Exception error)
        {
            if (Remove(waiter)) waiter.Done.TrySetException(error);
        }

        private bool Remove(Waiter waiter)
        {
            bool removed;
            lock (_lock) removed = _waiters.Remove(waiter);
            waiter.Cancellation.Dispose();
            return removed;
        }

        private sealed class Waiter
        {
            public Waiter(string instanceId, string description, Func<IReadOnlyList<ProfileAssociation>, bool> isDone, DateTimeOffset deadline, TimeSpan timeout, AttemptCounter counter)
            {
                InstanceId = instanceId;
                Description = description;
                IsDone = isDone;
                Deadline = deadline;
                Timeout = timeout;
                Counter = counter;
            }

            public string InstanceId { get; }

            public string Description { get; }

            public Func<IReadOnlyList<ProfileAssociation>, bool> IsDone { get; }

            public DateTimeOffset Deadline { get; }

            public TimeSpan Timeout { get; }

            public AttemptCounter Counter { get; }

            public string LastSeen { get; set; } = "nothing yet";

            public CancellationTokenRegistration Cancellation { get; set; }

            // Continuations run elsewhere, never inside the poll.
            public TaskCompletionSource<IReadOnlyList<ProfileAssociation>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }
}
