using System.Collections.Generic;
using System;
using System.IO;
using System.Linq;
using InstanceProfileTools.Core;
using InstanceProfileTools.Core.Journal;
using Xunit;

namespace InstanceProfileTools.Core.Tests.Journal
{
    [Trait("Category", "Journal")]
    public sealed class JournalTests : IDisposable
    {
        private readonly string _path = Path.Combine(Path.GetTempPath(), $"ipt-journal-{Guid.NewGuid():N}.jsonl");

        public void Dispose() => File.Delete(_path);

        private static JournalEntry Entry(string instanceId, string outcome = JournalOutcomes.Changed) => new()
        {
            Time = new DateTimeOffset(2026, 12, 3, 3, 0, 0, TimeSpan.Zero),
            Command = "Set-InstanceRole",
            Account = "123456789012",
            Region = "eu-west-1",
            InstanceId = instanceId,
            PreviousAssociationId = "iip-assoc-0000000000000000a",
            PreviousInstanceProfileArn = "arn:aws:iam::123456789012:instance-profile/old",
            PreviousRoleName = "old",
            NewAssociationId = "iip-assoc-0000000000000000b",
            NewInstanceProfileArn = "arn:aws:iam::123456789012:instance-profile/new",
            NewRoleName = "new",
            Method = "Replace",
            Outcome = outcome,
            Wave = 2,
        };

        [Fact]
        public void Lines_written_read_back_as_they_were_in_order()
        {
            using (JournalWriter writer = JournalWriter.Open(_path))
            {
                writer.Append(Entry("i-0000000000000000a"));
                writer.Append(Entry("i-0000000000000000b", JournalOutcomes.RolledBack));
            }

            var read = JournalReader.Read(_path, out IReadOnlyList<int> skipped);

            Assert.Empty(skipped);
            Assert.Equal(new[] { Entry("i-0000000000000000a"), Entry("i-0000000000000000b", JournalOutcomes.RolledBack) }, read);
            Assert.All(File.ReadAllLines(_path), line => Assert.StartsWith("{\"time\":", line, StringComparison.Ordinal));
        }

        [Fact]
        public void A_second_run_appends_after_the_first()
        {
            using (JournalWriter first = JournalWriter.Open(_path)) first.Append(Entry("i-0000000000000000a"));
            using (JournalWriter second = JournalWriter.Open(_path)) second.Append(Entry("i-0000000000000000b"));

            Assert.Equal(new[] { "i-0000000000000000a", "i-0000000000000000b" }, JournalReader.Read(_path, out _).Select(e => e.InstanceId));
        }

        [Fact]
        public void A_line_cut_short_by_a_crash_is_skipped_wherever_it_is_and_the_next_run_starts_on_a_line_of_its_own()
        {
            using (JournalWriter writer = JournalWriter.Open(_path)) writer.Append(Entry("i-0000000000000000a"));
            File.AppendAllText(_path, "{\"time\":\"2026-12-03T03:00:00+00:00\",\"command\":\"Set-Inst");

            using (JournalWriter writer = JournalWriter.Open(_path)) writer.Append(Entry("i-0000000000000000b"));

            // The re-run appended after the torn line: it sits in the middle now, and costs only itself.
            Assert.Equal(new[] { "i-0000000000000000a", "i-0000000000000000b" }, JournalReader.Read(_path, out IReadOnlyList<int> skipped).Select(e => e.InstanceId));
            Assert.Equal(new[] { 2 }, skipped);
        }

        [Fact]
        public void A_file_with_no_journal_entry_is_refused()
        {
            File.WriteAllText(_path, "not json\nnor this\n");

            InputValidationException refused = Assert.Throws<InputValidationException>(() => JournalReader.Read(_path, out _));

            Assert.Contains("is not a journal", refused.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_write_that_fails_is_JournalWriteFailed_and_the_journal_still_closes_and_unlocks()
        {
            // /dev/full answers every write with ENOSPC: a full file system, as the kernel reports it.
            File.Delete(_path);
            File.CreateSymbolicLink(_path, "/dev/full");
            JournalWriter writer = JournalWriter.Open(_path);

            InstanceProfileToolsException failed = Assert.Throws<InstanceProfileToolsException>(() => writer.Append(Entry("i-0000000000000000a")));
            writer.Dispose();

            Assert.Equal(ErrorIds.JournalWriteFailed, failed.ErrorId);
            Assert.Equal(FailureKind.WriteError, failed.Kind);
            using JournalWriter next = JournalWriter.Open(_path);
        }

        [Fact]
        public void The_lock_file_outlives_its_writer_so_that_a_third_cannot_join_a_second()
        {
            using (JournalWriter first = JournalWriter.Open(_path)) first.Append(Entry("i-0000000000000000a"));
            Assert.True(File.Exists(_path + ".lock"));

            using JournalWriter second = JournalWriter.Open(_path);

            Assert.Throws<InputValidationException>(() => JournalWriter.Open(_path));
        }

        [Fact]
        public void One_writer_at_a_time()
        {
            using JournalWriter first = JournalWriter.Open(_path);

            InputValidationException refused = Assert.Throws<InputValidationException>(() => JournalWriter.Open(_path));

            Assert.Equal(ErrorIds.InvalidParameter, refused.ErrorId);
            Assert.Contains("one writer at a time", refused.Message, StringComparison.Ordinal);
        }
    }
}
