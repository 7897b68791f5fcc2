using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Pacing;
using InstanceProfileTools.Core.Tests.Moves;
using InstanceProfileTools.Core.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Core.Tests.Pacing
{
    /// <summary>The paced client is the one owner of EC2's retries (issue 19.2): these are its bounds on sends.</summary>
    [Trait("Category", "Pacing")]
    public sealed class PacedEc2ApiTests
    {
        private const string Instance = "i-0123456789abcdef0";

        private readonly RoleChangeWorld _world = new();

        private PacedEc2Api Paced() => new(_world.Ec2, new Ec2Pacer(_world.Clock), _world.Clock, _world);

        private Task<Page<ProfileAssociation>> Read(PacedEc2Api ec2) =>
            ec2.DescribeIamInstanceProfileAssociationsAsync(new AssociationQuery(Array.Empty<string>(), new[] { Instance }, Array.Empty<AssociationState>()), null, null, CancellationToken.None);

        [Fact]
        public async Task A_call_throttled_every_time_is_sent_ThrottledAttempts_times_then_fails()
        {
            _world.Ec2.Fault = _ => FakeErrors.Ec2Throttled();

            AwsServiceException failed = await Assert.ThrowsAsync<AwsServiceException>(() => Read(Paced()));

            Assert.Equal(ErrorIds.Throttled, failed.ErrorId);
            Assert.Equal(PacedEc2Api.ThrottledAttempts, _world.Ec2.Calls.Count);
        }

        [Fact]
        public async Task A_read_failing_with_5xx_is_sent_FailedAttempts_times()
        {
            _world.Ec2.Fault = _ => FakeErrors.Ec2Unavailable();

            await Assert.ThrowsAsync<AwsServiceException>(() => Read(Paced()));

            Assert.Equal(PacedEc2Api.FailedAttempts, _world.Ec2.Calls.Count);
        }

        [Fact]
        public async Task A_mutating_call_failing_with_5xx_is_sent_once_since_it_may_have_been_made()
        {
            _world.InstanceOnOld(Instance);
            _world.Ec2.Fault = _ => FakeErrors.Ec2Unavailable();

            await Assert.ThrowsAsync<AwsServiceException>(() =>
                Paced().ReplaceIamInstanceProfileAssociationAsync(_world.Ec2.AssociationOf(Instance)!, ProfileReference.ByArn(_world.OldArn), CancellationToken.None));

            Assert.Single(_world.Ec2.Calls);
        }

        [Fact]
        public async Task A_throttled_mutating_call_is_sent_again_since_EC2_did_nothing()
        {
            _world.InstanceOnOld(Instance);
            string target = _world.AddTarget();
            int answered = 0;
            _world.Ec2.Fault = _ => Interlocked.Increment(ref answered) <= 2 ? FakeErrors.Ec2Throttled() : null;

            await Paced().ReplaceIamInstanceProfileAssociationAsync(_world.Ec2.AssociationOf(Instance)!, ProfileReference.ByArn(target), CancellationToken.None);

            Assert.Equal(3, _world.Ec2.Calls.Count(c => c.StartsWith("Replace", StringComparison.Ordinal)));
            Assert.Equal(target, _world.Ec2.ProfileOf(Instance));
        }
    
        [Fact]
        public async Task Expired_session_credentials_are_refreshed_once_and_the_call_sent_again()
        {
            _world.InstanceOnOld(Instance);
            string target = _world.AddTarget();
            int expired = 0;
            int refreshes = 0;
            _world.Ec2.Fault = call => call.Action == "Replace" && Interlocked.Increment(ref expired) == 1
                ? FakeErrors.Ec2(Diagnostics.AwsCall.Ec2("ReplaceIamInstanceProfileAssociation"), "RequestExpired", "Request has expired.")
                : null;
            var paced = new PacedEc2Api(_world.Ec2, new Ec2Pacer(_world.Clock), _world.Clock, _world, refreshCredentials: () => ++refreshes > 0);

            await paced.ReplaceIamInstanceProfileAssociationAsync(_world.Ec2.AssociationOf(Instance)!, ProfileReference.ByArn(target), CancellationToken.None);

            Assert.Equal(1, refreshes);
            Assert.Equal(2, _world.Ec2.Calls.Count(c => c.StartsWith("Replace", StringComparison.Ordinal)));
            Assert.Equal(target, _world.Ec2.ProfileOf(Instance));
        }
    }
}
