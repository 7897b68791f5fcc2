using System.Text.RegularExpressions;

namespace InstanceProfileTools.Core.Validation
{
    /// <summary>
    /// The documented limits of every value the module sends, in one place. Numbers and patterns are copied from
    /// the official service models (IAM 2010-05-08, EC2 2016-11-15; see aws-models/instance-profile-slice.json),
    /// so that input is refused here with the same rule AWS would apply.
    /// </summary>
    public static class Constraints
    {
        // The models' \w is Java's, which is ASCII only; .NET's would also accept letters such as 'é'.
        // ECMAScript semantics make .NET's \w ASCII too, so the model's pattern is used unchanged.
        private const RegexOptions AsciiWordOptions = RegexOptions.ECMAScript;

        /// <summary>instanceProfileNameType: 1 to 128 characters.</summary>
        public const int InstanceProfileNameMaxLength = 128;

        /// <summary>roleNameType: 1 to 64 characters.</summary>
        public const int RoleNameMaxLength = 64;

        /// <summary>The pattern of instanceProfileNameType and roleNameType.</summary>
        public const string NamePattern = @"[\w+=,.@-]+";

        /// <summary>pathType and pathPrefixType: 1 to 512 characters.</summary>
        public const int PathMaxLength = 512;

        /// <summary>pathType: '/' alone, or '/' + printable ASCII + '/'.</summary>
        public const string PathPattern = @"(\u002F)|(\u002F[\u0021-\u007F]+\u002F)";

        /// <summary>pathPrefixType: '/' followed by printable ASCII.</summary>
        public const string PathPrefixPattern = @"\u002F[\u0021-\u007F]*";

        /// <summary>tagListType and tagKeyListType: at most 50 tags per call.</summary>
        public const int MaxTags = 50;

        /// <summary>tagKeyType: 1 to 128 characters.</summary>
        public const int TagKeyMaxLength = 128;

        /// <summary>tagValueType: 0 to 256 characters.</summary>
        public const int TagValueMaxLength = 256;

        /// <summary>tagKeyType's pattern (tagValueType's is the same, allowing empty).</summary>
        public const string TagKeyPattern = @"[\p{L}\p{Z}\p{N}_.:/=+\-@]+";

        /// <summary>tagValueType's pattern.</summary>
        public const string TagValuePattern = @"[\p{L}\p{Z}\p{N}_.:/=+\-@]*";

        /// <summary>IAM reserves tag keys that start with this prefix (any case).</summary>
        public const string ReservedTagKeyPrefix = "aws:";

        /// <summary>maxItemsType (IAM list calls): 1 to 1000.</summary>
        public const int MaxItemsMin = 1;

        /// <summary>maxItemsType's upper bound.</summary>
        public const int MaxItemsMax = 1000;

        /// <summary>DescribeIamInstanceProfileAssociationsMaxResults: 5 to 1000.</summary>
        public const int AssociationMaxResultsMin = 5;

        /// <summary>DescribeIamInstanceProfileAssociationsMaxResults' upper bound.</summary>
        public const int AssociationMaxResultsMax = 1000;

        /// <summary>EC2 instance ids: 'i-' and 8 (older) or 17 lowercase hex digits.</summary>
        public const string InstanceIdPattern = @"i-([0-9a-f]{8}|[0-9a-f]{17})";

        /// <summary>EC2 association ids: 'iip-assoc-' and 8 or 17 lowercase hex digits.</summary>
        public const string AssociationIdPattern = @"iip-assoc-([0-9a-f]{8}|[0-9a-f]{17})";

        /// <summary>
        /// An AWS region code such as eu-west-1: one DNS label (the SDKs put it in host names and refuse anything
        /// else), so letters, digits and inner hyphens, at most 63 characters; lower case, as every region code is:
        /// the SDK would send 'EU-WEST-1' to a host DNS answers for, signed for a region AWS does not know.
        /// </summary>
        public const string RegionPattern = @"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";

        /// <summary>accessKeyIdType: word characters only (no spaces).</summary>
        public const string AccessKeyIdPattern = @"[\w]+";

        /// <summary>An instance profile ARN: partition, 12-digit account, path and name.</summary>
        public const string InstanceProfileArnPattern =
            @"arn:(?<partition>aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc):iam::(?<account>[0-9]{12}):instance-profile(?<path>/(?:[\u0021-\u007F]*/)?)(?<name>[^/]+)";

        internal static readonly Regex Name = Anchored(NamePattern, AsciiWordOptions);
        internal static readonly Regex Path = Anchored(PathPattern, AsciiWordOptions);
        internal static readonly Regex PathPrefix = Anchored(PathPrefixPattern, AsciiWordOptions);
        internal static readonly Regex TagKey = Anchored(TagKeyPattern, RegexOptions.CultureInvariant);
        internal static readonly Regex TagValue = Anchored(TagValuePattern, RegexOptions.CultureInvariant);
        internal static readonly Regex InstanceId = Anchored(InstanceIdPattern, AsciiWordOptions);
        internal static readonly Regex AssociationId = Anchored(AssociationIdPattern, AsciiWordOptions);
        internal static readonly Regex Region = Anchored(RegionPattern, AsciiWordOptions);
        internal static readonly Regex AccessKeyId = Anchored(AccessKeyIdPattern, AsciiWordOptions);
        internal static readonly Regex InstanceProfileArn = Anchored(InstanceProfileArnPattern, RegexOptions.CultureInvariant);

        // The models' patterns must match the whole value; \z (not $) so that a trailing newline is refused.
        private static Regex Anchored(string pattern, RegexOptions options) =>
            new Regex(@"\A(?:" + pattern + @")\z", options | RegexOptions.Compiled);
    }
}
