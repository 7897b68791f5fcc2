using System;
using System.IO;
using System.Text.RegularExpressions;
using InstanceProfileTools.Core.Ec2;
using InstanceProfileTools.Core.Moves;
using InstanceProfileTools.Core.Pacing;
using InstanceProfileTools.Core.Retry;
using Xunit;

namespace InstanceProfileTools.Core.Tests.Architecture
{
    /// <summary>The README's defaults and limits are read from the code's constants, so that neither drifts alone.</summary>
    [Trait("Category", "Unit")]
    public sealed class ReadmeFiguresTests
    {
        private static readonly Lazy<string> Readme = new(() => File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md")));

        [Fact]
        public void The_fleet_default_is_the_runners_throttle_limit() =>
            Assert.Equal(RoleChangeRunner.DefaultThrottleLimit, Number(@"from the pipeline, (\d+) at a time by default"));

        [Fact]
        public void The_propagation_timeout_and_the_wait_are_the_engines_defaults()
        {
            Assert.Equal(PropagationRetry.DefaultTimeout, TimeSpan.FromMinutes(Number(@"`-PropagationTimeout` \((\d+) minutes\)")));
            Assert.Equal(RoleChangeOptions.DefaultTimeout, TimeSpan.FromMinutes(Number(@"\(`-Timeout`, (\d+) minutes\)")));
        }

        [Fact]
        public void The_buckets_are_the_pacers()
        {
            Assert.Equal((Number(@"Replace (\d+) burst"), (double)Number(@"Replace \d+ burst / (\d+) a second")), Limit("ReplaceIamInstanceProfileAssociation"));
            (int, double) associate = (Number(@"Associate and Disassociate (\d+) /"), Number(@"Associate and Disassociate \d+ / (\d+)"));
            Assert.Equal(associate, Limit("AssociateIamInstanceProfile"));
            Assert.Equal(associate, Limit("DisassociateIamInstanceProfile"));
            Assert.Equal((Number(@"reads (\d+) /"), (double)Number(@"reads \d+ / (\d+)")), Limit("DescribeIamInstanceProfileAssociations"));
        }

        [Fact]
        public void Reads_are_batched_as_the_reader_batches() =>
            Assert.Equal(AssociationReader.MaxIdsPerCall, Number(@"batched \((\d+) instances a call\)"));

        private static (int, double) Limit(string action) => Ec2Pacer.LimitOf(action);

        private static int Number(string pattern)
        {
            Match match = Regex.Match(Readme.Value, pattern);
            Assert.True(match.Success, $"The README no longer says /{pattern}/.");
            return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        }

        private static string RepositoryRoot()
        {
            for (DirectoryInfo? at = new(AppContext.BaseDirectory); at is not null; at = at.Parent)
            {
                if (File.Exists(Path.Combine(at.FullName, "InstanceProfileTools.sln")))
                {
                    return at.FullName;
                }
            }

            throw new InvalidOperationException($"No InstanceProfileTools.sln above {AppContext.BaseDirectory}.");
        }
    }
}
