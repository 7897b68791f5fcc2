using System.Collections.Generic;
using System.Management.Automation;
using InstanceProfileTools.Completers;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Operations;
using InstanceProfileTools.Core.Validation;
using InstanceProfileTools.Input;

namespace InstanceProfileTools.Commands
{
    /// <summary>Add-InstanceProfileTag: TagInstanceProfile (a key it already has gets the new value).</summary>
    [Cmdlet(VerbsCommon.Add, "InstanceProfileTag", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(InstanceProfileTag))]
    public sealed class AddInstanceProfileTagCommand : InstanceProfileCmdletBase
    {
        private IReadOnlyList<Tag> _tags = System.Array.Empty<Tag>();

        /// <summary>The profile to tag.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [ArgumentCompleter(typeof(InstanceProfileNameCompleter))]
        public string InstanceProfileName { get; set; } = string.Empty;

        /// <summary>Tags: a hashtable or objects with Key and Value.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        public object[] Tag { get; set; } = System.Array.Empty<object>();

        /// <summary>Write the tags that were added.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            ValidateParameter(() => _tags = TagInput.Parse(Tag));
        }

        protected override void ProcessRecord()
        {
            ForEachItem(InstanceProfileName, () =>
            {
                Validate.InstanceProfileName(InstanceProfileName);
                if (!ShouldProcess(InstanceProfileName, $"Add tag(s) {string.Join(", ", Keys())}"))
                {
                    return;
                }

                Run(token => new TagOperations(Context).AddAsync(InstanceProfileName, _tags, token));
                if (PassThru)
                {
                    foreach (Tag tag in _tags)
                    {
                        WriteObject(OutputMapper.ToTag(tag, InstanceProfileName));
                    }
                }
            });
        }

        private IEnumerable<string> Keys()
        {
            foreach (Tag tag in _tags)
            {
                yield return tag.Key;
            }
        }
    }
}
