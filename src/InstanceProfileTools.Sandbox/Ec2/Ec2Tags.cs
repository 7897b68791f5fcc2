using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Xml.Linq;
using InstanceProfileTools.Sandbox.Protocol;
using InstanceProfileTools.Sandbox.State;

namespace InstanceProfileTools.Sandbox.Ec2
{
    /// <summary>
    /// EC2's tags as requests carry them (Tag.N.Key / Tag.N.Value, TagSpecification.N.ResourceType and .Tag.M...) and
    /// as answers write them (tagSet/item with key and value, botocore's ec2 model). Keys starting with aws: are AWS's
    /// own (EVIDENCE row 29): a caller may not set or remove them.
    /// </summary>
    public static class Ec2Tags
    {
        /// <summary>The prefix of the tags AWS sets itself; reserved in any case (aws:, AWS:, Aws:).</summary>
        public const string ReservedPrefix = "aws:";

        /// <summary>The tags of the list at <paramref name="prefix"/> (e.g. "Tag." for Tag.1.Key, Tag.1.Value, ...).</summary>
        public static List<TagEntity> Read(AwsRequest request, string prefix)
        {
            var tags = new List<TagEntity>();
            int count = request.CountStructures(prefix, "Key");
            for (int i = 1; i <= count; i++)
            {
                string item = prefix + i.ToString(CultureInfo.InvariantCulture) + ".";
                tags.Add(new TagEntity { Key = request.Get(item + "Key")!, Value = request.Get(item + "Value") ?? "" });
            }

            return tags;
        }

        /// <summary>
        /// Every TagSpecification at <paramref name="prefix"/> (e.g. "TagSpecification." for TagSpecification.1.ResourceType
        /// and TagSpecification.1.Tag.1.Key, ...); a reserved key in any is refused, as RunInstances refuses it.
        /// </summary>
        public static List<TagSpecificationEntity> ReadSpecifications(AwsRequest request, string prefix)
        {
            var specifications = new List<TagSpecificationEntity>();
            for (int i = 1; request.HasAny(prefix + i.ToString(CultureInfo.InvariantCulture) + "."); i++)
            {
                string specification = prefix + i.ToString(CultureInfo.InvariantCulture) + ".";
                var read = new TagSpecificationEntity { ResourceType = request.Get(specification + "ResourceType") ?? "", Tags = Read(request, specification + "Tag.") };
                RefuseReserved(read.Tags, _ => Ec2Errors.ReservedTagKeys());
                specifications.Add(read);
            }

            return specifications;
        }

        /// <summary>The tags the specifications give <paramref name="resourceType"/>, later ones winning for a key.</summary>
        public static List<TagEntity> For(IEnumerable<TagSpecificationEntity>? specifications, string resourceType)
        {
            var tags = new List<TagEntity>();
            foreach (TagSpecificationEntity specification in specifications ?? Enumerable.Empty<TagSpecificationEntity>())
            {
                if (string.Equals(specification.ResourceType, resourceType, StringComparison.Ordinal))
                {
                    Put(tags, specification.Tags);
                }
            }

            return tags;
        }

        /// <summary>Whether a key is one of AWS's own.</summary>
        public static bool IsReserved(string key) => key.StartsWith(ReservedPrefix, StringComparison.OrdinalIgnoreCase);

        /// <summary>Throws <paramref name="error"/> (given the key) for the first reserved key.</summary>
        public static void RefuseReserved(IEnumerable<TagEntity> tags, Func<string, AwsServiceException> error)
        {
            foreach (TagEntity tag in tags.Where(t => IsReserved(t.Key)))
            {
                throw error(tag.Key);
            }
        }

        /// <summary>Sets each tag on <paramref name="target"/>, replacing the value of a key it holds (keys are case-sensitive in EC2).</summary>
        public static void Put(List<TagEntity> target, IEnumerable<TagEntity> tags)
        {
            foreach (TagEntity tag in tags)
            {
                target.RemoveAll(t => t.Key == tag.Key);
                target.Add(new TagEntity { Key = tag.Key, Value = tag.Value });
            }
        }

        /// <summary>A tagSet element, or null for no tags (EC2 leaves the member out then).</summary>
        public static XElement? TagSet(IReadOnlyCollection<TagEntity> tags, string name = "tagSet") =>
            tags.Count == 0 ? null : Ec2Xml.Items(name, tags.Select(t => Ec2Xml.E("tag", Ec2Xml.E("key", t.Key), Ec2Xml.E("value", t.Value))));

        /// <summary>
        /// Whether the tags pass the request's tag:KEY and tag-key filters; their values take EC2's * and ? wildcards,
        /// several values of one filter are alternatives, several filters all must hold.
        /// </summary>
        public static bool PassFilters(Dictionary<string, HashSet<string>> filters, IReadOnlyCollection<TagEntity> tags)
        {
            foreach (var (name, patterns) in filters)
            {
                bool holds = name == "tag-key"
                    ? tags.Any(t => patterns.Any(p => Wildcard.Matches(p, t.Key)))
                    : !name.StartsWith("tag:", StringComparison.Ordinal) ||
                      tags.Any(t => t.Key == name.Substring(4) && patterns.Any(p => Wildcard.Matches(p, t.Value)));
                if (!holds)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
