using System;
using System.Linq;
using System.Management.Automation;
using InstanceProfileTools.Completers;
using InstanceProfileTools.Core;
using InstanceProfileTools.Core.Estate;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Operations;
using InstanceProfileTools.Core.Validation;
using InstanceProfileTools.Input;

namespace InstanceProfileTools.Commands
{
    /// <summary>
    /// Get-InstanceProfile: one profile by exact name, profiles matching wildcards, under a path, or holding a role.
    /// Lists are read page by page and each profile is written as it comes. With -Unused, only the profiles no
    /// instance uses in any enabled region, after one scan of every region's associations.
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

        /// <summary>Only the profiles no instance uses in any region enabled for the account.</summary>
        [Parameter(ParameterSetName = ByNameSet)]
        public SwitchParameter Unused { get; set; }

        /// <summary>With -Unused: go on without the regions that could not be read, with a warning.</summary>
        [Parameter(ParameterSetName = ByNameSet)]
        public SwitchParameter SkipUnreadableRegion { get; set; }

        private EstateReading? _estate;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (PathPrefix is not null)
            {
                ValidateParameter(() => Validate.PathPrefix(PathPrefix));
            }

            if (SkipUnreadableRegion && !Unused)
            {
                ValidateParameter(() => throw new InputValidationException(ErrorIds.InvalidParameter, nameof(SkipUnreadableRegion), true,
                    "-SkipUnreadableRegion goes with -Unused: only that scan reads every region."));
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
                    WriteIfWanted(profile);
                }
            }
        }

        private void WriteExact(string name)
        {
            Validate.InstanceProfileName(name);
            IamInstanceProfile profile = Run(token => new ProfileOperations(Context).GetAsync(name, token));
            if (PathPrefix is null || profile.Path.StartsWith(PathPrefix, StringComparison.Ordinal))
            {
                WriteIfWanted(profile);
            }
        }

        // Without -Unused every profile; with it, those no instance uses in the regions read (scanned once, before the first).
        private void WriteIfWanted(IamInstanceProfile profile)
        {
            if (!Unused)
            {
                WriteObject(OutputMapper.ToInstanceProfile(profile));
                return;
            }

            EstateReading estate = _estate ??= ReadEstate();
            if (!estate.IsUsed(profile.Arn))
            {
                InstanceProfile output = OutputMapper.ToInstanceProfile(profile);
                output.UnusedInRegions = estate.RegionsRead.ToArray();
                WriteObject(output);
            }
        }

        // A region that cannot be read stops the command: a profile used only there would be listed as unused.
        private EstateReading ReadEstate()
        {
            try
            {
                EstateReading estate = Run(token => EstateGuard.ReadForUnusedAsync(Context, SkipUnreadableRegion.IsPresent, token));
                WriteVerbose($"Unused means: no instance uses it in the {estate.RegionsRead.Count} region(s) read: {string.Join(", ", estate.RegionsRead)}.");
                return estate;
            }
            catch (InstanceProfileToolsException failure)
            {
                ThrowTerminatingError(ToErrorRecord(failure, failure.Target));
                throw;
            }
        }
    }
}
