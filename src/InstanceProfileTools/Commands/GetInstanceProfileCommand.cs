using System;
using System.Management.Automation;
using InstanceProfileTools.Completers;
using InstanceProfileTools.Core;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Operations;
using InstanceProfileTools.Core.Validation;
using InstanceProfileTools.Input;

namespace InstanceProfileTools.Commands
{
    /// <summary>
    /// Get-InstanceProfile: one profile by exact name, profiles matching wildcards, under a path, or holding a role.
    /// Lists are read page by page and each profile is written as it comes.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "InstanceProfile", DefaultParameterSetName = ByNameSet)]
    [OutputType(typeof(InstanceProfile))]
    public sealed class GetInstanceProfileCommand : InstanceProfileCmdletBase
    {
        private const string ByNameSet = "ByName";
        private const string ByRoleSet = "ByRole";

        /// <summary>Names, wildcards allowed; all profiles when omitted.</summary>
        [Parameter(ParameterSetName = ByNameSet, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [SupportsWildcards]
        // Bound to $null (an unset variable, a piped object without a profile) it would read as "all profiles".
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(InstanceProfileNameCompleter))]
        public string[]? InstanceProfileName { get; set; }

        /// <summary>Only profiles whose path starts with this prefix, such as /apps/.</summary>
        [Parameter(ParameterSetName = ByNameSet)]
        // $null would list every path's profiles instead of the ones meant.
        [ValidateNotNull]
        public string? PathPrefix { get; set; }

        /// <summary>The profiles that hold this role.</summary>
        [Parameter(ParameterSetName = ByRoleSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(RoleNameCompleter))]
        public string[]? RoleName { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (PathPrefix is not null)
            {
                ValidateParameter(() => Validate.PathPrefix(PathPrefix));
            }
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == ByRoleSet)
            {
                foreach (string role in RoleName!)
                {
                    ForEachItem(role, () =>
                    {
                        Validate.RoleName(role);
                        var profiles = new ProfileOperations(Context);
                        foreach (IamInstanceProfile profile in ReadPages((marker, token) => profiles.ListForRolePageAsync(role, marker, token)))
                        {
                            WriteObject(OutputMapper.ToInstanceProfile(profile));
                        }
                    });
                }

                return;
            }

            foreach (string name in InstanceProfileName ?? new[] { "*" })
            {
                ForEachItem(name, () =>
                {
                    if (WildcardPattern.ContainsWildcardCharacters(name))
                    {
                        WriteMatches(WildcardInput.Parse(name, WildcardOptions.IgnoreCase, ErrorIds.InvalidInstanceProfileName, nameof(InstanceProfileName)));
                    }
                    else
                    {
                        WriteExact(name);
                    }
                });
            }
        }

        private void WriteMatches(WildcardPattern pattern)
        {
            var profiles = new ProfileOperations(Context);
            foreach (IamInstanceProfile profile in ReadPages((marker, token) => profiles.ListPageAsync(PathPrefix, marker, token)))
            {
                if (pattern.IsMatch(profile.InstanceProfileName))
                {
                    WriteObject(OutputMapper.ToInstanceProfile(profile));
                }
            }
        }

        private void WriteExact(string name)
        {
            Validate.InstanceProfileName(name);
            IamInstanceProfile profile = Run(token => new ProfileOperations(Context).GetAsync(name, token));
            if (PathPrefix is null || profile.Path.StartsWith(PathPrefix, StringComparison.Ordinal))
            {
                WriteObject(OutputMapper.ToInstanceProfile(profile));
            }
        }
    }
}
