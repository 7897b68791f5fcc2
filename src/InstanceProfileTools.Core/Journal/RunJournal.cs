using System;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Moves;

namespace InstanceProfileTools.Core.Journal
{
    /// <summary>
    /// The journal as one run writes it: which command, the connection's region, the wave in progress. Without a
    /// journal (<see cref="None"/>) it writes nothing. Its first failure is kept, so that the run stops starting
    /// instances once it cannot record them.
    /// </summary>
    public sealed class RunJournal
    {
        private readonly IJournal? _journal;
        private readonly IClock _clock;
        private volatile InstanceProfileToolsException? _failure;

        public RunJournal(IJournal? journal, string command, string? region, IClock clock)
        {
            _journal = journal;
            Command = command ?? throw new ArgumentNullException(nameof(command));
            Region = region;
            _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        }

        /// <summary>A run that keeps no journal.</summary>
        public static RunJournal None => new(null, "none", null, SystemClock.Instance);

        public string Command { get; }

        public string? Region { get; }

        /// <summary>The rollout wave the lines belong to, when in waves.</summary>
        public int? Wave { get; set; }

        /// <summary>The first write that failed, or null.</summary>
        public InstanceProfileToolsException? Failure => _failure;

        /// <summary>Records that a mutating call is about to be made; throws <see cref="ErrorIds.JournalWriteFailed"/> when it cannot be.</summary>
        public void Intent(string instanceId, ProfileAssociation? current, string? currentRole, string? toArn, string? toRole, RoleChangeMethod method) =>
            Append(JournalEntries.Intent(Command, Region, _clock.UtcNow, instanceId, current, currentRole, toArn, toRole, method, Wave));

        /// <summary>Records a single association change (Register-, Unregister-InstanceProfile, Set-InstanceProfileAssociation); throws when it cannot.</summary>
        public void Association(string instanceId, ProfileAssociation? before, ProfileAssociation? after, RoleChangeMethod method) =>
            Append(JournalEntries.ForAssociation(Command, Region, _clock.UtcNow, instanceId, before, after, method));

        /// <summary>Records a launch template's default version about to change (an intent) or changed; throws when it cannot.</summary>
        public void LaunchTemplate(string launchTemplateId, long previousVersion, long? newVersion, string? toArn, string outcome) =>
            Append(JournalEntries.ForLaunchTemplate(Command, Region, _clock.UtcNow, launchTemplateId, previousVersion, newVersion, toArn, outcome));

        /// <summary>Records where a change left the instance; a failure is kept in <see cref="Failure"/>, never thrown.</summary>
        public void Outcome(RoleChangeResult result)
        {
            try
            {
                Append(JournalEntries.From(result, Command, Region, _clock.UtcNow, Wave));
            }
            catch (InstanceProfileToolsException)
            {
                // Kept in Failure: the change is made and must still be reported.
            }
        }

        private void Append(JournalEntry entry)
        {
            if (_journal is null)
            {
                return;
            }

            try
            {
                _journal.Append(entry);
            }
            catch (InstanceProfileToolsException failed) when (failed.ErrorId == ErrorIds.JournalWriteFailed)
            {
                _failure ??= failed;
                throw;
            }
        }
    }
}
