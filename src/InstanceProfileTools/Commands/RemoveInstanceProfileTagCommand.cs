using System.Management.Automation;
using InstanceProfileTools.Completers;
using InstanceProfileTools.Core.Operations;
using InstanceProfileTools.Core.Validation;

namespace InstanceProfileTools.Commands
{
    /// <summary>Remove-InstanceProfileTag: UntagInstanceProfile (keys the profile does not have are ignored, as IAM does).</summary>
    [Cmdlet(VerbsCommon.Remove, "InstanceProfileTag", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class RemoveInstanceProfileTagCommand : InstanceProfileCmdletBase
    {
        /// <summary>The profile to untag.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [ArgumentCompleter(typeof(InstanceProfileNameCompleter))]
        public string InstanceProfileName { get; set; } = string.Empty;

        /// <summary>The keys to remove.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("Key")]
        public string[] TagKey { get; set; } = System.Array.Empty<string>();

        protected override void ProcessRecord()
        {
            ForEachItem(InstanceProfileName, () =>
            {
                Validate.InstanceProfileName(InstanceProfileName);
                Validate.TagKeys(TagKey);
                if (ShouldProcess(InstanceProfileName, $"Remove tag(s) {string.Join(", ", TagKey)}"))
                {
                    Run(token => new TagOperations(Context).RemoveAsync(InstanceProfileName, TagKey, token));
                }
            });
        }
    }
}
