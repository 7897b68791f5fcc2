using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Moves;
using InstanceProfileTools.Core.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Core.Tests.Moves
{
    [Trait("Category", "RoleChange")]
    public sealed class InstanceRoleChangeTests
    {
        private const string Instance = "i-0123456789abcdef0";

        private readonly RoleChangeWorld _world = new();

        [Fact]
        public async Task An_instance_already_on_the_target_is_left_alone_without_a_mutating_call()
        {
            string target = _world.AddTarget();
            _world.Ec2.AddInstance(Instance);
            string association = _world.Ec2.Attach(Instance, target);

            RoleChangeResult result = await _world.ChangeAsync(Instance);

            Assert.Null(result.Error);
            Assert.False(result.Changed);
            Assert.Equal(RoleChangeMethod.None, result.Method);
            Assert.Equal(association, result.AssociationId);
            Assert.Equal(target, result.PreviousInstanceProfileArn);
            Assert.Equal(0, _world.Ec2.MutatingCalls);
            Assert.Equal(0, _world.MutatingIamCalls);
        }

        [Fact]
        public async Task An_instance_with_a_profile_is_replaced_atomically_and_verified()
        {
            string target = _world.AddTarget();
            string old = _world.InstanceOnOld(Instance);

            RoleChangeResult result = await _world.ChangeAsync(Instance);

            Assert.Null(result.Error);
            Assert.True(result.Changed);
            Assert.Equal(RoleChangeMethod.Replace, result.Method);
            Assert.Equal(_world.OldArn, result.PreviousInstanceProfileArn);
            Assert.Equal(RoleChangeWorld.OldRole, result.PreviousRoleName);
            Assert.Equal(target, result.Target!.Arn);
            Assert.Equal(RoleChangeWorld.NewRole, result.Target.RoleName);
            Assert.Equal(AssociationState.Associated, result.State);
            Assert.NotEqual(old, result.AssociationId);
            Assert.Equal(target, _world.Ec2.ProfileOf(Instance));
            Assert.Equal(new[] { $"Replace {old} {target}" }, _world.Ec2.Calls.Where(c => !c.StartsWith("Describe", StringComparison.Ordinal)));
        }

        [Fact]
        public async Task An_instance_without_a_profile_is_associated()
        {
            string target = _world.AddTarget();
            _world.Ec2.AddInstance(Instance);

            RoleChangeResult result = await _world.ChangeAsync(Instance);

            Assert.Null(result.Error);
            Assert.Equal(RoleChangeMethod.Associate, result.Method);
            Assert.Null(result.PreviousInstanceProfileArn);
            Assert.Equal(target, _world.Ec2.ProfileOf(Instance));
        }

        [Fact]
        public async Task An_association_in_progress_settles_before_anything_changes()
        {
            string target = _world.AddTarget();
            _world.Ec2.AddInstance(Instance);
            _world.Ec2.Attach(Instance, _world.OldArn, associatingFor: TimeSpan.FromSeconds(30));
            DateTimeOffset settledAt = _world.Clock.UtcNow + TimeSpan.FromSeconds(30);
            DateTimeOffset? replacedAt = null;
            _world.Ec2.Fault = call =>
            {
                if (call.Action == "Replace") replacedAt = _world.Clock.UtcNow;
                return null;
            };

            RoleChangeResult result = await _world.ChangeAsync(Instance);

            Assert.Null(result.Error);
            Assert.Equal(RoleChangeMethod.Replace, result.Method);
            Assert.True(replacedAt >= settledAt, $"replaced at {replacedAt}, settled at {settledAt}");
            Assert.Equal(target, _world.Ec2.ProfileOf(Instance));
        }

        [Fact]
        public async Task Propagation_errors_are_retried_until_EC2_knows_the_profile()
        {
            string target = _world.Iam.AddProfile(RoleChangeWorld.NewRole, RoleChangeWorld.NewRole);
            _world.Ec2.KnowProfile(target, after: TimeSpan.FromSeconds(20));
            _world.InstanceOnOld(Instance);

            RoleChangeResult result = await _world.ChangeAsync(Instance);

            Assert.Null(result.Error);
            Assert.True(_world.Ec2.Calls.Count(c => c.StartsWith("Replace", StringComparison.Ordinal)) > 1);
            Assert.Equal(target, _world.Ec2.ProfileOf(Instance));
        }

        [Fact]
        public async Task Propagation_errors_past_the_propagation_timeout_fail_without_changing_anything()
        {
            string target = _world.Iam.AddProfile(RoleChangeWorld.NewRole, RoleChangeWorld.NewRole);
            _world.Ec2.KnowProfile(target, after: TimeSpan.FromHours(1));
            _world.InstanceOnOld(Instance);
            DateTimeOffset start = _world.Clock.UtcNow;

            RoleChangeResult result = await _world.ChangeAsync(Instance, new RoleChangeOptions { RoleName = RoleChangeWorld.NewRole, PropagationTimeout = TimeSpan.FromSeconds(30) });

            Assert.Equal(ErrorIds.InstanceProfileNotReady, result.Error!.ErrorId);
            Assert.False(result.Changed);
            Assert.False(result.RolledBack);
            Assert.InRange(_world.Clock.UtcNow - start, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(40));
            Assert.Equal(_world.OldArn, _world.Ec2.ProfileOf(Instance));
        }

        [Fact]
        public async Task A_lost_replace_response_is_recognised_from_the_instance_state()
        {
            string target = _world.AddTarget();
            _world.InstanceOnOld(Instance);
            _world.Ec2.LostReplaceResponses = 1;

            RoleChangeResult result = await _world.ChangeAsync(Instance);

            Assert.Null(result.Error);
            Assert.True(result.Changed);
            Assert.Equal(target, _world.Ec2.ProfileOf(Instance));
        }

        [Fact]
        public async Task An_association_that_never_becomes_associated_is_rolled_back()
        {
            string target = _world.AddTarget();
            string old = _world.InstanceOnOld(Instance);
            _world.Ec2.StuckProfiles.Add(target);

            RoleChangeResult result = await _world.ChangeAsync(Instance, new RoleChangeOptions { RoleName = RoleChangeWorld.NewRole, Timeout = TimeSpan.FromMinutes(1) });

            Assert.True(result.RolledBack);
            Assert.True(result.Changed);
            Assert.Equal(ErrorIds.RoleChangeRolledBack, result.Error!.ErrorId);
            Assert.Equal(ErrorIds.WaitTimedOut, ((InstanceProfileToolsException)result.Error.InnerException!).ErrorId);
            Assert.Equal(_world.OldArn, _world.Ec2.ProfileOf(Instance));
            Assert.Equal(AssociationState.Associated, result.State);
            Assert.DoesNotContain(_world.Ec2.Calls, c => c.StartsWith("Disassociate", StringComparison.Ordinal));
            Assert.Contains(_world.Warnings, w => w.Contains(Instance, StringComparison.Ordinal));
        }

        [Fact]
        public async Task A_rollback_whose_answer_was_lost_still_counts_as_rolled_back()
        {
            string target = _world.AddTarget();
            _world.InstanceOnOld(Instance);
            _world.Ec2.StuckProfiles.Add(target);
            int replaces = 0;
            _world.Ec2.Fault = call =>
            {
                // The second replace is the rollback: its answer is lost once.
                if (call.Action == "Replace" && ++replaces == 2) _world.Ec2.LostReplaceResponses = 1;
                return null;
            };

            RoleChangeResult result = await _world.ChangeAsync(Instance, new RoleChangeOptions { RoleName = RoleChangeWorld.NewRole, Timeout = TimeSpan.FromMinutes(1) });

            Assert.True(result.RolledBack);
            Assert.Equal(ErrorIds.RoleChangeRolledBack, result.Error!.ErrorId);
            Assert.Equal(_world.OldArn, _world.Ec2.ProfileOf(Instance));
        }

        [Fact]
        public async Task A_failed_rollback_reports_both_errors()
        {
            string target = _world.AddTarget();
            _world.InstanceOnOld(Instance);
            _world.Ec2.StuckProfiles.Add(target);
            _world.Ec2.Fault = call => call.Action == "Replace" && call.ProfileArn == _world.OldArn ? FakeErrors.AccessDenied() : null;

            RoleChangeResult result = await _world.ChangeAsync(Instance, new RoleChangeOptions { RoleName = RoleChangeWorld.NewRole, Timeout = TimeSpan.FromMinutes(1) });

            Assert.False(result.RolledBack);
            Assert.Equal(ErrorIds.RoleChangeFailed, result.Error!.ErrorId);
            Assert.Contains("Timed out", result.Error.Message, StringComparison.Ordinal);
            Assert.Contains("not authorized", result.Error.Message, StringComparison.Ordinal);
            var both = Assert.IsType<AggregateException>(result.Error.InnerException);
            Assert.Equal(2, both.InnerExceptions.Count);
        }

        [Fact]
        public async Task NoRollback_leaves_a_failed_change_as_it_is()
        {
            string target = _world.AddTarget();
            _world.InstanceOnOld(Instance);
            _world.Ec2.StuckProfiles.Add(target);

            RoleChangeResult result = await _world.ChangeAsync(Instance, new RoleChangeOptions { RoleName = RoleChangeWorld.NewRole, Timeout = TimeSpan.FromMinutes(1), NoRollback = true });

            Assert.False(result.RolledBack);
            Assert.Equal(ErrorIds.RoleChangeFailed, result.Error!.ErrorId);
            Assert.Contains("-NoRollback", result.Error.Message, StringComparison.Ordinal);
            Assert.Equal(target, _world.Ec2.ProfileOf(Instance));
            Assert.Single(_world.Ec2.Calls, c => c.StartsWith("Replace", StringComparison.Ordinal));
        }

        [Fact]
        public async Task A_failed_association_of_an_instance_that_had_none_has_nothing_to_put_back()
        {
            string target = _world.AddTarget();
            _world.Ec2.AddInstance(Instance);
            _world.Ec2.StuckProfiles.Add(target);

            RoleChangeResult result = await _world.ChangeAsync(Instance, new RoleChangeOptions { RoleName = RoleChangeWorld.NewRole, Timeout = TimeSpan.FromMinutes(1) });

            Assert.False(result.RolledBack);
            Assert.Equal(ErrorIds.RoleChangeFailed, result.Error!.ErrorId);
            Assert.Contains("nothing to put back", result.Error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(_world.Ec2.Calls, c => c.StartsWith("Disassociate", StringComparison.Ordinal));
        }

        [Fact]
        public async Task The_result_counts_every_call_and_the_time_taken()
        {
            _world.AddTarget();
            _world.InstanceOnOld(Instance);
            _world.Ec2.AssociatingTime = TimeSpan.FromSeconds(10);

            RoleChangeResult result = await _world.ChangeAsync(Instance);

            Assert.Equal(_world.Ec2.Calls.Count, result.Attempts);
            Assert.True(result.Duration >= TimeSpan.FromSeconds(10), $"took {result.Duration}");
        }

        [Fact]
        public async Task A_verification_mismatch_is_rolled_back()
        {
            string target = _world.AddTarget();
            string other = _world.AddTarget("other", "other-role");
            _world.InstanceOnOld(Instance);
            _world.Ec2.Fault = call =>
            {
                // Someone else repoints the new association while the module waits for it to be associated.
                if (call.Action == "Describe" && _world.Ec2.ProfileOf(Instance) == target && _world.Ec2.StateOf(Instance) == AssociationState.Associated)
                {
                    _world.Ec2.Repoint(_world.Ec2.AssociationOf(Instance)!, other);
                }

                return null;
            };

            RoleChangeResult result = await _world.ChangeAsync(Instance);

            Assert.True(result.RolledBack);
            Assert.Equal(ErrorIds.RoleChangeRolledBack, result.Error!.ErrorId);
            Assert.Contains("Verification failed", result.Error.Message, StringComparison.Ordinal);
            Assert.Equal(_world.OldArn, _world.Ec2.ProfileOf(Instance));
        }

        [Fact]
        public async Task A_rival_replace_while_the_change_waits_is_left_alone_and_named()
        {
            string target = _world.AddTarget();
            string other = _world.AddTarget("other", "other-role");
            _world.InstanceOnOld(Instance);
            string? rival = null;
            _world.Ec2.Fault = call =>
            {
                // Another operator's run replaces the new association while it is still associating.
                if (call.Action == "Describe" && rival is null && _world.Ec2.ProfileOf(Instance) == target)
                {
                    rival = _world.Ec2.ReplaceAsRival(Instance, other);
                }

                return null;
            };

            RoleChangeResult result = await _world.ChangeAsync(Instance);

            Assert.False(result.RolledBack);
            Assert.Equal(ErrorIds.InstanceChangedElsewhere, result.Error!.ErrorId);
            Assert.Contains(rival!, result.Error.Message, StringComparison.Ordinal);
            Assert.Contains(other, result.Error.Message, StringComparison.Ordinal);
            Assert.Equal(other, _world.Ec2.ProfileOf(Instance));
            Assert.Single(_world.Ec2.Calls, c => c.StartsWith("Replace", StringComparison.Ordinal));
        }

        [Fact]
        public async Task A_replace_of_an_association_a_rival_replaced_since_the_read_names_the_rival_and_changes_nothing()
        {
            _world.InstanceOnOld(Instance);

            await AssertRivalWinsAsync(other => _world.Ec2.ReplaceAsRival(Instance, other));
        }

        [Fact]
        public async Task An_associate_that_a_rival_beat_names_the_rival_and_changes_nothing()
        {
            _world.Ec2.AddInstance(Instance);

            await AssertRivalWinsAsync(other => _world.Ec2.Attach(Instance, other));
        }

        // Reads the instance, lets a rival move it to another profile, then changes it from that stale read: the
        // change names the rival's association and leaves the instance on it.
        private async Task AssertRivalWinsAsync(Func<string, string> rivalMovesTo)
        {
            string target = _world.AddTarget();
            string other = _world.AddTarget("other", "other-role");
            RoleChangeEngine engine = _world.Engine();
            InstanceSnapshot stale = (await engine.SnapshotAsync(new[] { Instance }, target, CancellationToken.None))[Instance];
            string rival = rivalMovesTo(other);

            RoleChangeResult result = await engine.ChangeAsync(Instance, stale, CancellationToken.None);

            Assert.False(result.Changed);
            Assert.Equal(ErrorIds.InstanceChangedElsewhere, result.Error!.ErrorId);
            Assert.Contains(rival, result.Error.Message, StringComparison.Ordinal);
            Assert.Equal(other, _world.Ec2.ProfileOf(Instance));
        }
    }
}
