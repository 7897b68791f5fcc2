using System.Linq;
using System.Management.Automation;
using InstanceProfileTools.Completers;
using InstanceProfileTools.Core;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Operations;
using InstanceProfileTools.Core.Validation;
using InstanceProfileTools.Input;

namespace InstanceProfileTools.Commands
{
    /// <summary>Get-InstanceProfileTag: ListInstanceProfileTags, page by page, one object per tag.</summary>
    [Cmdlet(VerbsCommon.Get, "InstanceProfileTag")]
    [OutputType(typeof(InstanceProfileTag))]
    public sealed class GetInstanceProfileTagCommand : InstanceProfileCmdletBase
    {
        private WildcardPattern[]? _keyPatterns;

        /// <summary>The profiles whose tags to read.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [ArgumentCompleter(typeof(InstanceProfileNameCompleter))]
        public string[] InstanceProfileName { get; set; } = System.Array.Empty<string>();

        /// <summary>Only tags whose key matches; wildcards allowed.</summary>
        [Parameter(Position = 1)]
        [SupportsWildcards]
        // $null would mean no filter, a $null element would fail inside WildcardPattern, and '' matches no tag key.
        [ValidateNotNullOrEmpty]
        public string[]? Key { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (Key is not null)
            {
                ValidateParameter(() => _keyPatterns = Key
                    .Select(pattern => WildcardInput.Parse(pattern, WildcardOptions.None, ErrorIds.InvalidTag, nameof(Key)))
                    .ToArray());
            }
        }

        protected override void ProcessRecord()
        {
            foreach (string name in InstanceProfileName)
            {
                ForEachItem(name, () =>
                {
                    Validate.InstanceProfileName(name);
                    var tags = new TagOperations(Context);
                    foreach (Tag tag in ReadPages((marker, token) => tags.ListPageAsync(name, marker, token)))
                    {
                        if (KeyMatches(tag.Key))
                        {
                            WriteObject(OutputMapper.ToTag(tag, name));
                        }
                    }
                });
            }
        }

        private bool KeyMatches(string key) => _keyPatterns is null || _keyPatterns.Any(pattern => pattern.IsMatch(key));
    }
}
