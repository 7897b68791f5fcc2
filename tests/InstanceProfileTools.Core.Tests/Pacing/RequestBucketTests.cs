using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.Pacing;
using InstanceProfileTools.Core.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Core.Tests.Pacing
{
    public sealed class RequestBucketTests
    {
        private readonly ManualClock _clock = new();

        [Fact]
        public void A_full_bucket_serves_its_burst_at_once_then_one_token_per_refill()
        {
            var bucket = new RequestBucket(_clock, burst: 3, perSecond: 5);

            Task<TimeSpan>[] burst = Enumerable.Range(0, 3).Select(_ => bucket.AcquireAsync(CancellationToken.None)).ToArray();
            Task<TimeSpan> fourth = bucket.AcquireAsync(CancellationToken.None);
            Task<TimeSpan> fifth = bucket.AcquireAsync(CancellationToken.None);

            Assert.All(burst, t => Assert.Equal(TimeSpan.Zero, t.Result));
            Assert.False(fourth.IsCompleted);
            _clock.Advance(TimeSpan.FromMilliseconds(199));
            Assert.False(fourth.IsCompleted);
            _clock.Advance(TimeSpan.FromMilliseconds(1));
            Assert.Equal(TimeSpan.FromMilliseconds(200), fourth.GetAwaiter().GetResult());
            Assert.False(fifth.IsCompleted);
            _clock.Advance(TimeSpan.FromMilliseconds(200));
            Assert.Equal(TimeSpan.FromMilliseconds(400), fifth.GetAwaiter().GetResult());
        }

        [Fact]
        public void Throttling_cuts_the_rate_to_seventy_percent_and_drops_the_tokens_left()
        {
            var bucket = new RequestBucket(_clock, burst: 50, perSecond: 5);

            bucket.Throttled();
            Task<TimeSpan> next = bucket.AcquireAsync(CancellationToken.None);

            Assert.Equal(3.5, bucket.Rate, 3);
            Assert.False(next.IsCompleted);
            _clock.Advance(TimeSpan.FromMilliseconds(250));
            Assert.False(next.IsCompleted);
            _clock.Advance(TimeSpan.FromMilliseconds(40));
            Assert.True(SpinUntil(next));
        }

        [Fact]
        public void The_rate_grows_back_along_the_curve_but_never_above_the_documented_one()
        {
            var bucket = new RequestBucket(_clock, burst: 50, perSecond: 5);
            bucket.Throttled();

            _clock.Advance(TimeSpan.FromSeconds(1));
            bucket.Succeeded();
            double soon = bucket.Rate;
            _clock.Advance(TimeSpan.FromSeconds(60));
            bucket.Succeeded();

            Assert.InRange(soon, 3.5, 5);
            Assert.True(soon < 5, "one second after a throttle the rate is not back to the maximum");
            Assert.Equal(5, bucket.Rate, 3);
        }

        [Fact]
        public void A_cancelled_wait_gives_its_token_back()
        {
            var bucket = new RequestBucket(_clock, burst: 1, perSecond: 1);
            Assert.Equal(TimeSpan.Zero, bucket.AcquireAsync(CancellationToken.None).Result);
            using var cancel = new CancellationTokenSource();
            Task<TimeSpan> waiting = bucket.AcquireAsync(cancel.Token);

            cancel.Cancel();
            Assert.True(SpinUntil(waiting));
            Task<TimeSpan> next = bucket.AcquireAsync(CancellationToken.None);
            _clock.Advance(TimeSpan.FromSeconds(1));

            Assert.True(waiting.IsCanceled);
            Assert.Equal(TimeSpan.FromSeconds(1), next.GetAwaiter().GetResult());
        }

        [Fact]
        public void The_pacer_caps_all_mutating_actions_together_and_leaves_reads_alone()
        {
            var pacer = new Ec2Pacer(_clock, maxMutatingRate: 2);

            Task[] mutating =
            {
                pacer.PaceAsync("ReplaceIamInstanceProfileAssociation", CancellationToken.None),
                pacer.PaceAsync("AssociateIamInstanceProfile", CancellationToken.None),
                pacer.PaceAsync("ReplaceIamInstanceProfileAssociation", CancellationToken.None),
            };
            Task read = pacer.PaceAsync("DescribeIamInstanceProfileAssociations", CancellationToken.None);

            Assert.True(read.IsCompleted);
            Assert.True(mutating[0].IsCompleted && mutating[1].IsCompleted);
            Assert.False(mutating[2].IsCompleted);
            _clock.Advance(TimeSpan.FromMilliseconds(500));
            Assert.True(SpinUntil(mutating[2]));
            Assert.Equal((100, 5.0), Ec2Pacer.LimitOf("AssociateIamInstanceProfile"));
            Assert.Equal((50, 5.0), Ec2Pacer.LimitOf("ReplaceIamInstanceProfileAssociation"));
            Assert.Equal((100, 20.0), Ec2Pacer.LimitOf("DescribeInstances"));
        }

        [Fact]
        public void The_pacer_spends_a_second_of_refill_less_than_the_burst_at_once()
        {
            var pacer = new Ec2Pacer(_clock);

            Task[] replaces = Enumerable.Range(0, 46).Select(_ => pacer.PaceAsync("ReplaceIamInstanceProfileAssociation", CancellationToken.None)).ToArray();

            Assert.Equal(45, replaces.Count(t => t.IsCompleted));
            _clock.Advance(TimeSpan.FromMilliseconds(200));
            Assert.True(SpinUntil(replaces[45]));
        }

        // The continuation after a delay runs on the thread pool; this waits (bounded) for it, it times nothing.
        private static bool SpinUntil(Task task) => SpinWait.SpinUntil(() => task.IsCompleted, TimeSpan.FromSeconds(10));
    }
}
