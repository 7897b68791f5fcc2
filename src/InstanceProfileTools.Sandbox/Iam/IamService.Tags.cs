using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;
using InstanceProfileTools.Sandbox.Protocol;
using InstanceProfileTools.Sandbox.State;

namespace InstanceProfileTools.Sandbox.Iam
{
    /// <summary>The instance-profile tag actions.</summary>
    public sealed partial class IamService
    {
        private const int MaxTagsPerResource = 50;

        private IEnumerable<XElement>? TagInstanceProfile(AwsRequest request)
        {
            var validator = new IamValidator();
            string name = validator.Required(request.Get("InstanceProfileName"), "instanceProfileName");
            validator.Name(name, "instanceProfileName", 128);
            List<(string Key, string Value)> tags = ReadTags(request);
            if (tags.Count == 0)
            {
                validator.Required(null, "tags");
            }

            validator.Tags(tags, "tags");
            validator.ThrowIfInvalid();
            RefuseDuplicateKeys(tags.Select(t => t.Key));
            InstanceProfileEntity profile = FindProfile(name);
            int added = tags.Count(t => !profile.Tags.Any(existing => SameKey(existing.Key, t.Key)));
            if (profile.Tags.Count + added > MaxTagsPerResource)
            {
                throw IamErrors.TooManyTags();
            }

            foreach (var (key, value) in tags)
            {
                TagEntity? existing = profile.Tags.FirstOrDefault(t => SameKey(t.Key, key));
                if (existing != null)
                {
                    existing.Key = key;
                    existing.Value = value;
                }
                else
                {
                    profile.Tags.Add(new TagEntity { Key = key, Value = value });
                }
            }

            return null;
        }

        private IEnumerable<XElement>? UntagInstanceProfile(AwsRequest request)
        {
            var validator = new IamValidator();
            string name = validator.Required(request.Get("InstanceProfileName"), "instanceProfileName");
            validator.Name(name, "instanceProfileName", 128);
            List<string> keys = request.GetList("TagKeys", "member");
            if (keys.Count == 0)
            {
                validator.Required(null, "tagKeys");
            }

            validator.TagKeys(keys, "tagKeys");
            validator.ThrowIfInvalid();
            InstanceProfileEntity profile = FindProfile(name);
            profile.Tags.RemoveAll(t => keys.Any(k => SameKey(k, t.Key)));
            return null;
        }

        private IEnumerable<XElement> ListInstanceProfileTags(AwsRequest request)
        {
            var validator = new IamValidator();
            string name = validator.Required(request.Get("InstanceProfileName"), "instanceProfileName");
            validator.Name(name, "instanceProfileName", 128);
            int pageSize = PageSize(validator, request);
            validator.ThrowIfInvalid();
            InstanceProfileEntity profile = FindProfile(name);
            var (items, next) = Paging.Page(
                profile.Tags.OrderBy(t => SortKey(t.Key), StringComparer.Ordinal),
                t => SortKey(t.Key),
                request.Get("Marker"),
                pageSize,
                IamErrors.InvalidMarker);
            yield return IamXml.Tags("Tags", items);
            foreach (XElement element in IamXml.PageEnd(next))
            {
                yield return element;
            }
        }

        private static bool SameKey(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
    }
}
