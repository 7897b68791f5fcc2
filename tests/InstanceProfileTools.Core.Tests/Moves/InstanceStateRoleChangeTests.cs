using System;
using System.Linq;
using System.Threading.Tasks;
using InstanceProfileTools.Core.Diagnostics;
using InstanceProfileTools.Core;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Moves;
using InstanceProfileTools.Core.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Core.Tests.Moves
{
    /// <summary>How the instance's own state (running, stopped, pending) decides the way its profile is changed.</summary>
    [Trait("Category", "RoleChange")]
    public sealed class InstanceStateRoleChangeTests
    {
        private const string Instance = "i-0123456789abcdef0";

        private readonly RoleChangeWorld _world = new();

        [Fact]
        public async Task A_stopped_instance_is_disassociated_then_associated()
        {
            string target = _world.AddTarget();
            string old = _world.InstanceOnOld(Instance, InstanceState.Stopped);

            RoleChangeResult result = await _world.ChangeAsync(Instance);

            Assert.Null(result.Error);
            Assert.Equal(RoleChangeMethod.DisassociateAssociate, result.Method);
            Assert.Equal(target, _world.Ec2.ProfileOf(Instance));
            string[] mutations = _world.Ec2.Calls.Where(c => !c.StartsWith("Describe", StringComparison.Ordinal)).ToArray();
            // The state is read before the first call: no replace is sent for EC2 to refuse.
            Assert.Equal(new[] { $"Disassociate {old}", $"Associate {Instance} {target}" }, mutations);
        }

        [Fact]
        public async Task A_pending_instance_is_waited_for_and_then_replaced()
        {
            string target = _world.AddTarget();
            _world.InstanceOnOld(Instance);
            _world.Ec2.MakePending(Instance, TimeSpan.FromSeconds(20));

            RoleChangeResult result = await _world.ChangeAsync(Instance);

            Assert.Null(result.Error);
            Assert.Equal(RoleChangeMethod.Replace, result.Method);
            Assert.Equal(target, _world.Ec2.ProfileOf(Instance));
            Assert.Single(_world.Ec2.Calls, c => c.StartsWith("Replace", StringComparison.Ordinal));
            Assert.DoesNotContain(_world.Ec2.Calls, c => c.StartsWith("Disassociate", StringComparison.Ordinal));
        }

        [Fact]
        public async Task A_pending_instance_without_a_profile_is_associated_once_running()
        {
            string target = _world.AddTarget();
            _world.Ec2.AddInstance(Instance);
            _world.Ec2.MakePending(Instance, TimeSpan.FromSeconds(20));

            RoleChangeResult result = await _world.ChangeAsync(Instance);

            Assert.Null(result.Error);
            Assert.Equal(RoleChangeMethod.Associate, result.Method);
            Assert.Equal(target, _world.Ec2.ProfileOf(Instance));
        }

        [Fact]
        public async Task A_running_instance_is_never_disassociated_when_its_replace_is_refused()
        {
            _world.AddTarget();
            _world.InstanceOnOld(Instance);
            _world.Ec2.Fault = call => call.Action == "Replace"
                ? FakeErrors.Ec2(AwsCall.Ec2("ReplaceIamInstanceProfileAssociation", ("AssociationId", call.Subject)), "IncorrectState", "The association is not the active association.")
                : null;

            RoleChangeResult result = await _world.ChangeAsync(Instance);

            Assert.Equal(ErrorIds.IncorrectState, result.Error!.ErrorId);
            Assert.False(result.Changed);
            Assert.DoesNotContain(_world.Ec2.Calls, c => c.StartsWith("Disassociate", StringComparison.Ordinal));
            Assert.Equal(_world.OldArn, _world.Ec2.ProfileOf(Instance));
        }

        [Fact]
        public async Task A_stopped_instance_is_rolled_back_by_disassociate_then_associate()
        {
            string target = _world.AddTarget();
            _world.InstanceOnOld(Instance, InstanceState.Stopped);
            _world.Ec2.StuckProfiles.Add(target);

            RoleChangeResult result = await _world.ChangeAsync(Instance, new RoleChangeOptions { RoleName = RoleChangeWorld.NewRole, Timeout = TimeSpan.FromMinutes(1) });

            Assert.True(result.RolledBack);
            Assert.Equal(RoleChangeMethod.DisassociateAssociate, result.Method);
            Assert.Equal(_world.OldArn, _world.Ec2.ProfileOf(Instance));
            Assert.Equal(AssociationState.Associated, _world.Ec2.StateOf(Instance));
        }
    }
}
