using System;

namespace InstanceProfileTools.Core.Moves
{
    /// <summary>
    /// How a rollout splits its instances, in the order they come: the canary first, then waves of a fixed size.
    /// Without a wave size everything after the canary is one wave; without a canary the waves start at once.
    /// </summary>
    public sealed class Waves
    {
        public Waves(int canary, int? waveSize)
        {
            if (canary < 0) throw new ArgumentOutOfRangeException(nameof(canary), canary, "The canary cannot be negative.");
            if (waveSize is < 1) throw new ArgumentOutOfRangeException(nameof(waveSize), waveSize, "A wave holds at least one instance.");
            Canary = canary;
            WaveSize = waveSize;
        }

        public int Canary { get; }

        public int? WaveSize { get; }

        /// <summary>The wave (1 is the first) of the instance at <paramref name="index"/> (0 is the first).</summary>
        public int WaveOf(int index)
        {
            if (index < 0) throw new ArgumentOutOfRangeException(nameof(index));
            if (index < Canary) return 1;
            int first = Canary > 0 ? 2 : 1;
            return WaveSize is int size ? first + (index - Canary) / size : first;
        }

        /// <summary>Whether the instance at <paramref name="index"/> is the last its wave holds (so the wave can start).</summary>
        public bool EndsWave(int index) => WaveOf(index + 1) != WaveOf(index);
    }
}
