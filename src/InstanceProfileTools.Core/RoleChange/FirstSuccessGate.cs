using System;
using System.Threading;
using System.Threading.Tasks;

namespace InstanceProfileTools.Core.RoleChange
{
    /// <summary>
    /// Lets one call through at a time until one succeeds, then all of them at once. A profile just created is
    /// unknown to EC2 for seconds (IAM's propagation): one instance waits it out with its retries while the others
    /// wait here, instead of each spending the account's Associate and Replace tokens on refusals.
    /// </summary>
    internal sealed class FirstSuccessGate
    {
        private readonly SemaphoreSlim _one = new(1, 1);
        private volatile bool _open;

        public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
        {
            if (_open)
            {
                return await call(cancellationToken).ConfigureAwait(false);
            }

            await _one.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                T answer = await call(cancellationToken).ConfigureAwait(false);
                _open = true;
                return answer;
            }
            finally
            {
                _one.Release();
            }
        }
    }
}
