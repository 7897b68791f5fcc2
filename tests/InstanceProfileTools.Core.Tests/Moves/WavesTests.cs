using System.Linq;
using InstanceProfileTools.Core.Moves;
using Xunit;

namespace InstanceProfileTools.Core.Tests.Moves
{
    [Trait("Category", "RoleChange")]
    public sealed class WavesTests
    {
        [Fact]
        public void The_canary_comes_first_then_waves_of_the_size()
        {
            var waves = new Waves(canary: 2, waveSize: 3);

            Assert.Equal(new[] { 1, 1, 2, 2, 2, 3, 3, 3, 4 }, Enumerable.Range(0, 9).Select(waves.WaveOf));
            Assert.Equal(new[] { 1, 4, 7 }, Enumerable.Range(0, 9).Where(waves.EndsWave));
        }

        [Fact]
        public void Without_a_canary_the_waves_start_at_once()
        {
            var waves = new Waves(canary: 0, waveSize: 2);

            Assert.Equal(new[] { 1, 1, 2, 2, 3 }, Enumerable.Range(0, 5).Select(waves.WaveOf));
        }

        [Fact]
        public void Without_a_wave_size_the_rest_is_one_wave()
        {
            var waves = new Waves(canary: 1, waveSize: null);

            Assert.Equal(new[] { 1, 2, 2, 2 }, Enumerable.Range(0, 4).Select(waves.WaveOf));
            Assert.Equal(new[] { 0 }, Enumerable.Range(0, 3).Where(waves.EndsWave));
        }

        [Theory]
        [InlineData(-1, 2)]
        [InlineData(1, 0)]
        public void Sizes_that_make_no_rollout_are_refused(int canary, int waveSize) =>
            Assert.Throws<System.ArgumentOutOfRangeException>(() => new Waves(canary, waveSize));
    }
}
