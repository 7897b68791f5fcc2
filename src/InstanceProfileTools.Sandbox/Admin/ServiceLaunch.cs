using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using InstanceProfileTools.Sandbox.Regions;
using InstanceProfileTools.Sandbox.State;

namespace InstanceProfileTools.Sandbox.Admin
{
    /// <summary>
    /// POST instances/launch: instances launched as an Auto Scaling group or a CloudFormation stack launches them,
    /// with AWS's own tags, which no caller may set (EVIDENCE row 29: aws:autoscaling:groupName;
    /// aws:cloudformation:stack-name, stack-id and logical-id). The body:
    /// {"account", "region", "count", "imageId", "instanceType", "instanceProfileArn" | "instanceProfileName",
    /// "launchTemplateId" | "launchTemplateName", "version", "autoScalingGroup", "stack": "NAME" or {"name", "id", "logicalId"}},
    /// every member optional; an unknown one is refused.
    /// </summary>
    public sealed class ServiceLaunch
    {
        private static readonly string[] s_members =
        {
            "account", "region", "count", "imageId", "instanceType", "instanceProfileArn", "instanceProfileName",
            "launchTemplateId", "launchTemplateName", "version", "autoScalingGroup", "stack",
        };

        private ServiceLaunch(string accountId, string region, Dictionary<string, string> parameters, List<TagEntity> serviceTags)
        {
            AccountId = accountId;
            Region = region;
            Parameters = parameters;
            ServiceTags = serviceTags;
        }

        /// <summary>The account the instances belong to.</summary>
        public string AccountId { get; }

        /// <summary>The region they run in.</summary>
        public string Region { get; }

        /// <summary>The RunInstances parameters the launch amounts to.</summary>
        public Dictionary<string, string> Parameters { get; }

        /// <summary>The group's or stack's tags.</summary>
        public List<TagEntity> ServiceTags { get; }

        /// <summary>
        /// Reads the body; throws <see cref="InvalidDataException"/> saying what is wrong: not a JSON object, an unknown
        /// member, an account without keys, a region not enabled, a member of the wrong kind.
        /// </summary>
        public static ServiceLaunch Parse(string body, IReadOnlyList<string> accounts, RegionCatalog regions)
        {
            JsonElement root;
            try
            {
                using JsonDocument document = JsonDocument.Parse(body.Trim().Length == 0 ? "{}" : body);
                root = document.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException("The body is not JSON: " + ex.Message);
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException("The body must be a JSON object.");
            }

            string[] unknown = root.EnumerateObject().Select(p => p.Name).Where(n => !s_members.Contains(n, StringComparer.Ordinal)).ToArray();
            if (unknown.Length > 0)
            {
                throw new InvalidDataException($"Unknown members: {string.Join(", ", unknown)}. Members: {string.Join(", ", s_members)}.");
            }

            string account = Text(root, "account") ?? accounts[0];
            if (!accounts.Contains(account, StringComparer.Ordinal))
            {
                throw new InvalidDataException($"The account {account} has no keys in this sandbox; accounts: {string.Join(", ", accounts)}.");
            }

            string region = Text(root, "region") ?? SandboxStore.DefaultRegion;
            if (!regions.IsEnabled(region))
            {
                throw new InvalidDataException($"The region {region} is not enabled; enabled: {string.Join(", ", regions.Enabled)}.");
            }

            string count = Count(root).ToString(CultureInfo.InvariantCulture);
            var parameters = new Dictionary<string, string>(StringComparer.Ordinal) { ["MinCount"] = count, ["MaxCount"] = count };
            Copy(root, parameters, "imageId", "ImageId");
            Copy(root, parameters, "instanceType", "InstanceType");
            Copy(root, parameters, "instanceProfileArn", "IamInstanceProfile.Arn");
            Copy(root, parameters, "instanceProfileName", "IamInstanceProfile.Name");
            Copy(root, parameters, "launchTemplateId", "LaunchTemplate.LaunchTemplateId");
            Copy(root, parameters, "launchTemplateName", "LaunchTemplate.LaunchTemplateName");
            Copy(root, parameters, "version", "LaunchTemplate.Version");
            if (!parameters.ContainsKey("LaunchTemplate.LaunchTemplateId") && !parameters.ContainsKey("LaunchTemplate.LaunchTemplateName"))
            {
                parameters.TryAdd("ImageId", "ami-12345678");
            }

            return new ServiceLaunch(account, region, parameters, Tags(root, account, region));
        }

        private static List<TagEntity> Tags(JsonElement root, string account, string region)
        {
            var tags = new List<TagEntity>();
            string? group = Text(root, "autoScalingGroup");
            if (group != null)
            {
                tags.Add(new TagEntity { Key = "aws:autoscaling:groupName", Value = group });
            }

            if (root.TryGetProperty("stack", out JsonElement stack) && stack.ValueKind != JsonValueKind.Null)
            {
                string name = stack.ValueKind == JsonValueKind.String ? stack.GetString()! : Text(stack, "name") ?? throw new InvalidDataException("stack needs a name.");
                JsonElement details = stack.ValueKind == JsonValueKind.Object ? stack : default;
                tags.Add(new TagEntity { Key = "aws:cloudformation:stack-name", Value = name });
                tags.Add(new TagEntity { Key = "aws:cloudformation:stack-id", Value = Text(details, "id") ?? StackId(account, region, name) });
                tags.Add(new TagEntity { Key = "aws:cloudformation:logical-id", Value = Text(details, "logicalId") ?? (group != null ? "AutoScalingGroup" : "Instance") });
            }

            return tags;
        }

        /// <summary>A stack ARN in CloudFormation's shape, the same for the same account, region and name.</summary>
        private static string StackId(string account, string region, string name)
        {
            byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{account}/{region}/{name}"));
            return $"arn:aws:cloudformation:{region}:{account}:stack/{name}/{new Guid(hash.AsSpan(0, 16))}";
        }

        private static int Count(JsonElement root)
        {
            if (!root.TryGetProperty("count", out JsonElement count) || count.ValueKind == JsonValueKind.Null)
            {
                return 1;
            }

            return count.ValueKind == JsonValueKind.Number && count.TryGetInt32(out int n) && n >= 1 && n <= 1000
                ? n
                : throw new InvalidDataException("count must be a whole number from 1 to 1000.");
        }

        private static void Copy(JsonElement root, Dictionary<string, string> parameters, string member, string parameter)
        {
            if (Text(root, member) is string value)
            {
                parameters[parameter] = value;
            }
        }

        private static string? Text(JsonElement element, string member)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(member, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return value.ValueKind == JsonValueKind.String ? value.GetString() : throw new InvalidDataException($"{member} must be a string.");
        }
    }
}
