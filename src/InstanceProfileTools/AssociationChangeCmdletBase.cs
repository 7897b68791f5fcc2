using System;
using System.Management.Automation;
using InstanceProfileTools.Core.Operations;
using InstanceProfileTools.Core.Retry;

namespace InstanceProfileTools
{
    /// <summary>A cmdlet that changes one association at a time and can wait until the change is visible: it declares -Wait.</summary>
    public abstract class AssociationChangeCmdletBase : InstanceChangeCmdletBase
    {
        /// <summary>Return only once reads show the change done (each cmdlet's help says what it reads); -Timeout bounds the wait.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>-PropagationTimeout, -Wait and -Timeout, as Core takes them.</summary>
        protected WaitOptions WaitOptions =>
            new(TimeSpan.FromSeconds(PropagationTimeout), Wait.IsPresent, TimeSpan.FromSeconds(Timeout));
    }
}
