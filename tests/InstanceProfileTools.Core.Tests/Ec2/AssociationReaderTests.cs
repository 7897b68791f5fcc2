using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Ec2;
using InstanceProfileTools.Core.Tests.Moves;
using InstanceProfileTools.Core.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Core.Tests.Ec2
{
    public sealed class AssociationReaderTests
    {
        private readonly RoleChangeWorld _world = new();

        [Fact]
        public async Task Reads_200_instances_a_call_and_answers_every_instance_asked()
        {
            string[] onOld = Enumerable.Range(1, 300).Select(n => $"i-{n:x17}").ToArray();
            string[] bare = Enumerable.Range(301, 150).Select(n => $"i-{n:x17}").ToArray();
            foreach (string id in onOld) _world.InstanceOnOld(id);
            foreach (string id in bare) _world.Ec2.AddInstance(id);
            string[] asked = onOld.Concat(bare).Append(onOld[0]).ToArray();

            IReadOnlyDictionary<string, IReadOnlyList<ProfileAssociation>> read = await AssociationReader.ReadAsync(_world.Ec2, asked, CancellationToken.None);

            Assert.Equal(new[] { 200, 200, 50 }, _world.Ec2.AssociationReads.Select(ids => ids.Length));
            Assert.Equal(450, read.Count);
            Assert.All(onOld, id => Assert.Equal(_world.OldArn, Assert.Single(read[id]).InstanceProfileArn));
            Assert.All(bare, id => Assert.Empty(read[id]));
        }

        [Fact]
        public void The_current_association_is_the_newest_live_one()
        {
            var older = new ProfileAssociation("iip-assoc-1", "i-1", "arn:aws:iam::1:instance-profile/a", null, AssociationState.Disassociating, new DateTime(2026, 1, 1));
            var newer = new ProfileAssociation("iip-assoc-2", "i-1", "arn:aws:iam::1:instance-profile/b", null, AssociationState.Associating, new DateTime(2026, 1, 2));
            var oldest = new ProfileAssociation("iip-assoc-0", "i-1", "arn:aws:iam::1:instance-profile/c", null, AssociationState.Associated, new DateTime(2025, 1, 1));

            Assert.Same(newer, AssociationReader.Current(new[] { older, oldest, newer }));
            Assert.Same(oldest, AssociationReader.Current(new[] { older, oldest }));
            Assert.Null(AssociationReader.Current(new[] { older }));
            Assert.True(AssociationReader.IsSettling(new[] { oldest, older }));
            Assert.False(AssociationReader.IsSettling(new[] { oldest }));
        }

        [Fact]
        public void Batches_are_of_200_in_order()
        {
            string[] ids = Enumerable.Range(0, 401).Select(n => $"i-{n}").ToArray();

            string[][] batches = AssociationReader.Batches(ids).ToArray();

            Assert.Equal(new[] { 200, 200, 1 }, batches.Select(b => b.Length));
            Assert.Equal(ids, batches.SelectMany(b => b));
        }
    }
}
