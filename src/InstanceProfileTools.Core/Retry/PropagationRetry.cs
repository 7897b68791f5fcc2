using System;
using System.Threading;
using System.Threading.Tasks;

namespace InstanceProfileTools.Core.Retry
{
    /// <summary>
    /// Runs an AWS call until it stops failing with a retryable error (by default IAM's propagation errors; the paced
    /// EC2 client retries throttling and 5xx itself) or the timeout passes. IAM is eventually consistent: a profile created a moment ago is
    /// unknown to EC2, a role just created is unknown to AddRoleToInstanceProfile. Terraform retries these for
    /// two minutes; so does <see cref="DefaultTimeout"/>.
    /// </summary>
    public sealed class PropagationRetry
    {
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

        private readonly IClock _clock;
        private readonly IOperationLog _log;
        private readonly Backoff _backoff;

        public PropagationRetry(IClock clock, IOperationLog log, Backoff? backoff = null)
        {
            _clock = clock;
            _log = log;
            _backoff = backoff ?? Backoff.Default;
        }

        /// <summary>
        /// Calls <paramref name="action"/> until it succeeds. A retryable error after the deadline is rethrown
        /// as <see cref="ErrorIds.InstanceProfileNotReady"/> (or as itself when it is not a propagation error),
        /// with the last service error inside.
        /// </summary>
        public async Task<RetryResult<T>> RunAsync<T>(
            string description,
            Func<CancellationToken, Task<T>> action,
            TimeSpan timeout,
            CancellationToken cancellationToken,
            Func<AwsServiceException, bool>? isRetryable = null)
        {
            isRetryable ??= error => error.IsPropagationError;
            DateTimeOffset start = _clock.UtcNow;
            DateTimeOffset deadline = start + timeout;
            for (int attempt = 1; ; attempt++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    T value = await action(cancellationToken).ConfigureAwait(false);
                    return new RetryResult<T>(value, attempt, _clock.UtcNow - start);
                }
                catch (AwsServiceException error) when (isRetryable(error))
                {
                    TimeSpan delay = _backoff.DelayFor(attempt);
                    DateTimeOffset now = _clock.UtcNow;
                    if (now + delay > deadline)
                    {
                        throw GiveUp(description, error, attempt, now - start);
                    }

                    _log.Verbose($"{description}: {error.ErrorCode} (attempt {attempt}); retrying in {delay.TotalSeconds:0.0} s.");
                    await _clock.Delay(delay, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        /// <summary>The same, for calls that answer nothing.</summary>
        public async Task<int> RunAsync(
            string description,
            Func<CancellationToken, Task> action,
            TimeSpan timeout,
            CancellationToken cancellationToken,
            Func<AwsServiceException, bool>? isRetryable = null)
        {
            RetryResult<bool> result = await RunAsync(
                description,
                async token =>
                {
                    await action(token).ConfigureAwait(false);
                    return true;
                },
                timeout,
                cancellationToken,
                isRetryable).ConfigureAwait(false);
            return result.Attempts;
        }

        /// <summary>What a propagation error still there at the deadline becomes: InstanceProfileNotReady, or the error itself when it is another.</summary>
        public static Exception GiveUp(string description, AwsServiceException last, int attempts, TimeSpan elapsed)
        {
            if (!last.IsPropagationError)
            {
                return last;
            }

            return new InstanceProfileToolsException(
                ErrorIds.InstanceProfileNotReady,
                FailureKind.OperationTimeout,
                last.Target,
                $"{description} still failed after {attempts} attempts over {elapsed.TotalSeconds:0} s: {last.ServiceMessage ?? last.Message} " +
                "IAM changes can take a while to reach EC2; retry later, or raise -PropagationTimeout.",
                last);
        }
    }
}
