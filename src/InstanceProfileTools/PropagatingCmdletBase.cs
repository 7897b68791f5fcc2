using System.Management.Automation;

namespace InstanceProfileTools
{
    /// <summary>A cmdlet whose change may meet IAM's eventual consistency: it declares -PropagationTimeout.</summary>
    public abstract class PropagatingCmdletBase : InstanceProfileCmdletBase
    {
        /// <summary>
        /// How long, in seconds, to keep retrying the errors that IAM's eventual consistency causes (a role or profile
        /// created moments ago that the service does not know yet); two minutes by default, as Terraform does.
        /// </summary>
        [Parameter]
        [ValidateRange(1, Defaults.MaxTimeoutSeconds)]
        public int PropagationTimeout { get; set; } = Defaults.PropagationTimeoutSeconds;
    }
}
