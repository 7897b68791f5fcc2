using System;
using System.Collections.Generic;
using System.Linq;
using InstanceProfileTools.Core.Model;

namespace InstanceProfileTools.Core.Estate
{
    /// <summary>
    /// What a scan of every enabled region found: the live associations (associating or associated) of each region it
    /// read, and the regions it could not read, with why.
    /// </summary>
    public sealed class EstateReading
    {
        private readonly ILookup<string, RegionalAssociation> _byProfile;

        public EstateReading(IReadOnlyList<string> regionsRead, IReadOnlyList<UnreadableRegion> unreadable, IReadOnlyList<RegionalAssociation> associations)
        {
            RegionsRead = regionsRead ?? throw new ArgumentNullException(nameof(regionsRead));
            Unreadable = unreadable ?? throw new ArgumentNullException(nameof(unreadable));
            Associations = associations ?? throw new ArgumentNullException(nameof(associations));
            _byProfile = associations.ToLookup(a => a.Association.InstanceProfileArn, StringComparer.Ordinal);
        }

        /// <summary>The regions read, in name order.</summary>
        public IReadOnlyList<string> RegionsRead { get; }

        /// <summary>The regions that could not be read, in name order.</summary>
        public IReadOnlyList<UnreadableRegion> Unreadable { get; }

        /// <summary>Every live association of the regions read.</summary>
        public IReadOnlyList<RegionalAssociation> Associations { get; }

        /// <summary>
        /// The live associations with the profile <paramref name="profileArn"/>, by region then instance. Matched by ARN,
        /// as the guards always have: an association left from a deleted profile of the same name counts too, which
        /// errs on the side of refusing.
        /// </summary>
        public IReadOnlyList<RegionalAssociation> UsersOf(string profileArn) =>
            _byProfile[profileArn]
                .OrderBy(a => a.Region, StringComparer.Ordinal)
                .ThenBy(a => a.Association.InstanceId, StringComparer.Ordinal)
                .ToList();

        /// <summary>Whether an instance in a region read uses the profile.</summary>
        public bool IsUsed(string profileArn) => _byProfile.Contains(profileArn);
    }

    /// <summary>An association and the region it is in.</summary>
    public sealed record RegionalAssociation(string Region, ProfileAssociation Association)
    {
        /// <summary>How messages name it: the instance and its region.</summary>
        public override string ToString() => $"{Association.InstanceId} ({Region})";
    }

    /// <summary>A region whose associations could not be read, and the failure that stopped it.</summary>
    public sealed record UnreadableRegion(string Region, string Reason, InstanceProfileToolsException Error)
    {
        public override string ToString() => $"{Region} ({Reason})";
    }
}
