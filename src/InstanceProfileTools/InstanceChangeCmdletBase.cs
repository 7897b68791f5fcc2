using System.Collections.Generic;
using System.Management.Automation;
using InstanceProfileTools.Core;
using InstanceProfileTools.Core.Estate;
using InstanceProfileTools.Core.Journal;

namespace InstanceProfileTools
{
    /// <summary>
    /// A cmdlet that changes instances' associations: it declares the journal and the pace (-JournalPath,
    /// -MaxRequestRate) and -Timeout, opens the journal before any change, and journals under the command's name as
    /// invoked.
    /// </summary>
    public abstract class InstanceChangeCmdletBase : PropagatingCmdletBase
    {
        private JournalWriter? _journal;
        private RunJournal? _runJournal;
        private readonly Dictionary<Place, RunJournal> _placeJournals = new();

        /// <summary>Append one JSON line before and after each change to this file (Undo-InstanceRole reads it).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public virtual string? JournalPath { get; set; }

        /// <summary>
        /// Mutating EC2 calls a second for the whole command, below AWS's own rates, to leave the account's request
        /// bucket to others; by default only AWS's documented rates apply.
        /// </summary>
        [Parameter]
        [ValidateRange(Defaults.MinRequestRate, Defaults.MaxRequestRate)]
        public double MaxRequestRate { get; set; }

        /// <summary>Seconds to wait for an association to settle or become associated.</summary>
        [Parameter]
        [ValidateRange(1, Defaults.MaxTimeoutSeconds)]
        public int Timeout { get; set; } = Defaults.WaitTimeoutSeconds;

        protected override double? MaxMutatingRate => MyInvocation.BoundParameters.ContainsKey(nameof(MaxRequestRate)) ? MaxRequestRate : null;

        /// <summary>The journal's file as a file-system path, relative to PowerShell's location, or null.</summary>
        protected string? JournalFullPath => JournalPath is { } file ? SessionState.Path.GetUnresolvedProviderPathFromPSPath(file) : null;

        /// <summary>Whether the command keeps a journal (its -JournalPath, outside -WhatIf).</summary>
        protected bool Journaling => _journal is not null;

        /// <summary>The command's journal, named after the command as invoked, built on first use (it writes nothing without -JournalPath).</summary>
        protected RunJournal RunJournal => _runJournal ??= new(_journal, MyInvocation.MyCommand.Name, Context.Region, SystemClock.Instance);

        /// <summary>The journal of the run in one account-region: the same file, its lines carrying the place's region.</summary>
        protected RunJournal JournalIn(Place place)
        {
            if (!_placeJournals.TryGetValue(place, out RunJournal? journal))
            {
                journal = new RunJournal(_journal, MyInvocation.MyCommand.Name, place.Region, SystemClock.Instance);
                _placeJournals[place] = journal;
            }

            return journal;
        }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();

            // Opened before any change, so that a journal that cannot be written stops the command first; -WhatIf
            // changes nothing, so it writes (and creates) no journal.
            if (JournalFullPath is { } path && !WhatIfInForce)
            {
                ValidateParameter(() => _journal = JournalWriter.Open(path));
            }
        }

        protected override void Dispose(bool disposing)
        {
            // The base disposes the clients last: the journal's last lines are written by then.
            if (disposing) _journal?.Dispose();
            base.Dispose(disposing);
        }
    }
}
