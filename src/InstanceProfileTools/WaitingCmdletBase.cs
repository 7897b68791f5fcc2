using System;
using System.Management.Automation;
using InstanceProfileTools.Core.Operations;
using InstanceProfileTools.Core.Retry;

namespace InstanceProfileTools
{
    /// <summary>A cmdlet that can wait until its change is visible: it declares -Wait and -Timeout beside -PropagationTimeout.</summary>
    public abstract class WaitingCmdletBase : PropagatingCmdletBase
    {
        /// <summary>Return only once reads show the change done (each cmdlet's help says what it reads).</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>How long, in seconds, to wait with -Wait before failing with WaitTimedOut.</summary>
        [Parameter]
        [ValidateRange(1, Defaults.MaxTimeoutSeconds)]
        public int Timeout { get; set; } = Defaults.WaitTimeoutSeconds;

        /// <summary>The three parameters, as Core takes them.</summary>
        protected WaitOptions WaitOptions =>
            new(TimeSpan.FromSeconds(PropagationTimeout), Wait.IsPresent, TimeSpan.FromSeconds(Timeout));
    }
}
