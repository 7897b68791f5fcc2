using System;
using System.Threading;
using System.Threading.Tasks;

namespace InstanceProfileTools.Core.Retry
{
    /// <summary>
    /// Polls until a condition holds a given number of times in a row, or a timeout passes. Requiring several
    /// consecutive successes is how a reader outlasts IAM's "seen, then not seen" while a change propagates
    /// (Terraform's readiness waiter wants three).
    /// </summary>
    public sealed class Poller
    {
        /// <summary>
        /// One second, as the CLI loop a user writes polls: a paced EC2 read a second is one of the region's 20 (EVIDENCE
        /// row 22), and three consecutive IAM reads (Terraform's readiness waiter wants three, 5 s apart: row 21) span two
        /// seconds, so a wait ends within a second of the state it waits for instead of two.
        /// </summary>
        public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(1);

        private readonly IClock _clock;
        private readonly IOperationLog _log;
        private readonly TimeSpan _interval;

        public Poller(IClock clock, IOperationLog log, TimeSpan? interval = null)
        {
            _clock = clock;
            _log = log;
            _interval = interval ?? DefaultInterval;
            if (_interval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(interval));
        }

        public TimeSpan Interval => _interval;

        /// <summary>
        /// Reads with <paramref name="read"/> until <paramref name="isDone"/> holds on <paramref name="consecutive"/>
        /// reads in a row, and answers the last value read. Transient service errors count as a miss. When the
        /// timeout leaves no room for another read, a condition that held on the last read is enough; otherwise
        /// throws <see cref="ErrorIds.WaitTimedOut"/> naming <paramref name="description"/> and, through
        /// <paramref name="describe"/>, the last value seen.
        /// </summary>
        public async Task<RetryResult<T>> UntilAsync<T>(
            string description,
            object? target,
            Func<CancellationToken, Task<T>> read,
            Func<T, bool> isDone,
            TimeSpan timeout,
            CancellationToken cancellationToken,
            int consecutive = 1,
            Func<T, string>? describe = null)
        {
            if (consecutive < 1) throw new ArgumentOutOfRangeException(nameof(consecutive));
            DateTimeOffset start = _clock.UtcNow;
            DateTimeOffset deadline = start + timeout;
            int hits = 0;
            T lastValue = default!;
            string lastSeen = "nothing yet";
            for (int attempt = 1; ; attempt++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    T value = await read(cancellationToken).ConfigureAwait(false);
                    lastValue = value;
                    if (isDone(value))
                    {
                        if (++hits >= consecutive)
                        {
                            return new RetryResult<T>(value, attempt, _clock.UtcNow - start);
                        }
                    }
                    else
                    {
                        hits = 0;
                    }

                    lastSeen = describe?.Invoke(value) ?? value?.ToString() ?? "nothing";
                }
                catch (AwsServiceException error) when (TransientErrors.IsPropagationOrTransient(error) || error.Kind == FailureKind.ObjectNotFound)
                {
                    hits = 0;
                    lastSeen = error.ErrorCode;
                }

                if (_clock.UtcNow + _interval > deadline)
                {
                    // The extra reads only add confidence; a short -Timeout must not turn a condition that holds
                    // (a profile that exists) into a failure.
                    if (hits > 0)
                    {
                        _log.Verbose($"Done waiting for {description}: seen on {hits} of {consecutive} reads in a row before the timeout.");
                        return new RetryResult<T>(lastValue, attempt, _clock.UtcNow - start);
                    }

                    throw new InstanceProfileToolsException(
                        ErrorIds.WaitTimedOut,
                        FailureKind.OperationTimeout,
                        target,
                        $"Timed out after {timeout.TotalSeconds:0} s waiting for {description}; last seen: {lastSeen}. Raise -Timeout, or check the state in the AWS console.");
                }

                _log.Verbose($"Waiting for {description} (poll {attempt}, last seen: {lastSeen}).");
                await _clock.Delay(_interval, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
