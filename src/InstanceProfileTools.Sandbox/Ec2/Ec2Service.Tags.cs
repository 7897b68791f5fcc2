using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Xml.Linq;
using InstanceProfileTools.Sandbox.Protocol;
using InstanceProfileTools.Sandbox.State;

namespace InstanceProfileTools.Sandbox.Ec2
{
    /// <summary>CreateTags and DeleteTags for instances and launch templates (botocore's ec2 model: ResourceId.N, Tag.N).</summary>
    public sealed partial class Ec2Service
    {
        /// <summary>The most tags an EC2 resource holds (EC2 User Guide, "Tag restrictions").</summary>
        private const int MaxTagsPerResource = 50;

        private IEnumerable<XElement> CreateTags(AwsRequest request)
        {
            List<List<TagEntity>> targets = TagTargets(request);
            List<TagEntity> tags = Ec2Tags.Read(request, "Tag.");
            if (tags.Count == 0)
            {
                throw Ec2Errors.Missing("Tag");
            }

            Ec2Tags.RefuseReserved(tags, Ec2Errors.ReservedTagKey);
            if (targets.Any(t => t.Select(existing => existing.Key).Union(tags.Select(n => n.Key)).Count() > MaxTagsPerResource))
            {
                throw new AwsServiceException("TagLimitExceeded", "The maximum number of Tags for a resource has been reached.", 400);
            }

            targets.ForEach(target => Ec2Tags.Put(target, tags));
            yield return Ec2Xml.E("return", "true");
        }

        /// <summary>
        /// Removes the named tags (only where the value matches, when one is given), or without Tag every tag but AWS's
        /// own, which a caller may not remove (EC2 API reference, DeleteTags).
        /// </summary>
        private IEnumerable<XElement> DeleteTags(AwsRequest request)
        {
            List<List<TagEntity>> targets = TagTargets(request);
            int count = request.CountStructures("Tag.", "Key");
            var named = Enumerable.Range(1, count)
                .Select(i => (Key: request.Get($"Tag.{i.ToString(CultureInfo.InvariantCulture)}.Key")!, Value: request.Get($"Tag.{i.ToString(CultureInfo.InvariantCulture)}.Value")))
                .ToList();
            foreach (var (key, _) in named.Where(n => Ec2Tags.IsReserved(n.Key)))
            {
                throw Ec2Errors.ReservedTagKey(key);
            }

            foreach (List<TagEntity> target in targets)
            {
                target.RemoveAll(t => named.Count == 0
                    ? !Ec2Tags.IsReserved(t.Key)
                    : named.Any(n => n.Key == t.Key && (n.Value == null || n.Value == t.Value)));
            }

            yield return Ec2Xml.E("return", "true");
        }

        /// <summary>The tag lists of the resources ResourceId.N names: instances (i-) and launch templates (lt-) of this region.</summary>
        private List<List<TagEntity>> TagTargets(AwsRequest request)
        {
            List<string> ids = request.GetList("ResourceId");
            if (ids.Count == 0)
            {
                throw Ec2Errors.Missing("ResourceId");
            }

            var targets = new List<List<TagEntity>>();
            foreach (string id in ids.Distinct())
            {
                targets.Add(id.StartsWith("lt-", System.StringComparison.Ordinal)
                    ? FindLaunchTemplate(id, null).Tags
                    : id.StartsWith("i-", System.StringComparison.Ordinal)
                        ? FindInstances(new[] { id })[0].Tags
                        : throw new AwsServiceException("InvalidID", $"The ID '{id}' is not valid", 400));
            }

            return targets;
        }
    }
}
