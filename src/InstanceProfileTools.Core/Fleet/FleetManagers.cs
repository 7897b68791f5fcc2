using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.Ec2;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Ports;

namespace InstanceProfileTools.Core.Fleet
{
    /// <summary>
    /// Who launches a run's instances again: the tags AWS puts on instances launched from a launch template, by an
    /// Auto Scaling group or by a CloudFormation stack (EVIDENCE row 29: the aws: prefix is reserved, so only AWS sets
    /// them). Replacing an instance's profile changes none of them, so the next scale-out launches with the old role.
    /// </summary>
    public static class FleetManagers
    {
        public const string LaunchTemplateIdTag = "aws:ec2launchtemplate:id";
        public const string LaunchTemplateVersionTag = "aws:ec2launchtemplate:version";
        public const string AutoScalingGroupTag = "aws:autoscaling:groupName";
        public const string StackNameTag = "aws:cloudformation:stack-name";

        /// <summary>
        /// Reads the instances' tags (200 a call) and each launch template's default version, and answers the
        /// templates, groups and stacks that manage any of them, in that order, each once.
        /// </summary>
        public static async Task<IReadOnlyList<FleetManager>> ReadAsync(IEc2Api ec2, IReadOnlyCollection<string> instanceIds, CancellationToken cancellationToken)
        {
            if (ec2 is null) throw new ArgumentNullException(nameof(ec2));
            var tags = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
            foreach (string[] batch in AssociationReader.Batches(instanceIds.Distinct(StringComparer.Ordinal)))
            {
                foreach (KeyValuePair<string, IReadOnlyDictionary<string, string>> found in await ec2.DescribeInstanceTagsAsync(batch, cancellationToken).ConfigureAwait(false))
                {
                    tags[found.Key] = found.Value;
                }
            }

            var managers = new List<FleetManager>();
            foreach (IGrouping<string, string> template in GroupBy(tags, LaunchTemplateIdTag))
            {
                managers.Add(new FleetManager(ManagerKind.LaunchTemplate, template.Key, template.ToList())
                {
                    DefaultVersion = await DefaultVersionAsync(ec2, template.Key, cancellationToken).ConfigureAwait(false),
                });
            }

            foreach (IGrouping<string, string> group in GroupBy(tags, AutoScalingGroupTag))
            {
                managers.Add(new FleetManager(ManagerKind.AutoScalingGroup, group.Key, group.ToList())
                {
                    LaunchedFrom = group
                        .Where(id => tags[id].ContainsKey(LaunchTemplateIdTag))
                        .GroupBy(id => tags[id][LaunchTemplateIdTag], StringComparer.Ordinal)
                        .ToDictionary(
                            byTemplate => byTemplate.Key,
                            byTemplate => (IReadOnlyCollection<long>)byTemplate.Select(id => VersionOf(tags[id])).OfType<long>().Distinct().OrderBy(v => v).ToList(),
                            StringComparer.Ordinal),
                });
            }

            managers.AddRange(GroupBy(tags, StackNameTag).Select(stack => new FleetManager(ManagerKind.CloudFormationStack, stack.Key, stack.ToList())));
            return managers;
        }

        private static IEnumerable<IGrouping<string, string>> GroupBy(Dictionary<string, IReadOnlyDictionary<string, string>> tags, string key) =>
            tags.Where(instance => instance.Value.ContainsKey(key))
                .OrderBy(instance => instance.Key, StringComparer.Ordinal)
                .GroupBy(instance => instance.Value[key], instance => instance.Key, StringComparer.Ordinal);

        private static long? VersionOf(IReadOnlyDictionary<string, string> tags) =>
            tags.TryGetValue(LaunchTemplateVersionTag, out string? text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long version) ? version : null;

        // A template deleted since its instances launched has no default: nothing will launch from it again.
        private static async Task<LaunchTemplateVersion?> DefaultVersionAsync(IEc2Api ec2, string launchTemplateId, CancellationToken cancellationToken)
        {
            try
            {
                return await ec2.DescribeDefaultLaunchTemplateVersionAsync(launchTemplateId, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException missing) when (missing.ErrorCode is "InvalidLaunchTemplateId.NotFound" or "InvalidLaunchTemplateId.Malformed")
            {
                return null;
            }
        }
    }
}
