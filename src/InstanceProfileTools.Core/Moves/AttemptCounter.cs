using System.Threading;

namespace InstanceProfileTools.Core.Moves
{
    /// <summary>Counts the AWS calls made for one instance, retries and polls included.</summary>
    internal sealed class AttemptCounter
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Add(int attempts) => Interlocked.Add(ref _count, attempts);
    }
}
