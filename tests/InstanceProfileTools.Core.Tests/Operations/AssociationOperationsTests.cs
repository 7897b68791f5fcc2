using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Operations;
using InstanceProfileTools.Core.Retry;
using InstanceProfileTools.Core.Tests.Moves;
using InstanceProfileTools.Core.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Core.Tests.Operations
{
    [Trait("Category", "Operations")]
    public sealed class AssociationOperationsTests
    {
        private const string InstanceId = "i-0123456789abcdef0";
        private static readonly TimeSpan s_propagation = TimeSpan.FromMinutes(2);
        private readonly RoleChangeWorld _world = new() { ProfilePropagation = System.TimeSpan.Zero };

        public AssociationOperationsTests()
        {
            _world.Ec2.AddInstance(InstanceId);
        }

        private AssociationOperations Associations => new(_world.Context);

        [Fact]
        public async Task Associate_retries_while_EC2_does_not_know_the_new_profile()
        {
            string arn = FakeIam.ArnOf("fresh");
            _world.Ec2.KnowProfile(arn, after: TimeSpan.FromSeconds(15));

            ProfileAssociation association = await Associations.AssociateAsync(InstanceId, ProfileReference.ByArn(arn), new WaitOptions(s_propagation, false, TimeSpan.FromMinutes(5)), CancellationToken.None);

            Assert.Equal(arn, association.InstanceProfileArn);
            Assert.True(_world.Ec2.Calls.Count(call => call.StartsWith("Associate", StringComparison.Ordinal)) > 1);
        }

        [Fact]
        public async Task Associate_gives_up_after_the_propagation_timeout_with_InstanceProfileNotReady()
        {
            var failure = await Assert.ThrowsAsync<InstanceProfileToolsException>(() =>
                Associations.AssociateAsync(InstanceId, ProfileReference.ByArn(FakeIam.ArnOf("never")), new WaitOptions(TimeSpan.FromSeconds(20), false, TimeSpan.FromMinutes(5)), CancellationToken.None));

            Assert.Equal(ErrorIds.InstanceProfileNotReady, failure.ErrorId);
            Assert.Contains("PropagationTimeout", failure.Message);
        }

        [Fact]
        public async Task Associate_with_wait_returns_the_association_once_associated()
        {
            string arn = _world.Iam.AddProfile("app", "reader");
            _world.Ec2.KnowProfile(arn);

            ProfileAssociation association = await Associations.AssociateAsync(InstanceId, ProfileReference.ByArn(arn), new WaitOptions(s_propagation, true, TimeSpan.FromMinutes(5)), CancellationToken.None);

            Assert.Equal(AssociationState.Associated, association.State);
        }

        [Fact]
        public async Task Replace_answers_the_new_association()
        {
            string old = _world.Iam.AddProfile("old", "reader");
            string target = _world.Iam.AddProfile("new", "writer");
            string oldId = _world.Ec2.Attach(InstanceId, old);
            _world.Ec2.KnowProfile(target);

            ProfileAssociation replaced = await Associations.ReplaceAsync(oldId, ProfileReference.ByArn(target), new WaitOptions(s_propagation, true, TimeSpan.FromMinutes(5)), CancellationToken.None);

            Assert.NotEqual(oldId, replaced.AssociationId);
            Assert.Equal(target, replaced.InstanceProfileArn);
            Assert.Equal(AssociationState.Associated, replaced.State);
            Assert.DoesNotContain(_world.Ec2.Calls, call => call.StartsWith("Disassociate", StringComparison.Ordinal));
        }

        [Fact]
        public async Task RequireCurrent_of_an_instance_without_a_profile_is_AssociationNotFound()
        {
            var failure = await Assert.ThrowsAsync<InstanceProfileToolsException>(() => Associations.RequireCurrentAsync(InstanceId, CancellationToken.None));

            Assert.Equal(ErrorIds.AssociationNotFound, failure.ErrorId);
            Assert.Equal(InstanceId, failure.Target);
            Assert.Contains("Register-InstanceProfile", failure.Message);
        }

        [Fact]
        public async Task GetInstanceRole_joins_the_association_with_its_profile_and_role()
        {
            string arn = _world.Iam.AddProfile("app", "reader");
            string associationId = _world.Ec2.Attach(InstanceId, arn);

            InstanceRoleInfo info = await Associations.GetInstanceRoleAsync(InstanceId, CancellationToken.None);

            Assert.Equal(associationId, info.Association!.AssociationId);
            Assert.Equal("reader", Assert.Single(info.Profile!.Roles).RoleName);
        }
    }
}
