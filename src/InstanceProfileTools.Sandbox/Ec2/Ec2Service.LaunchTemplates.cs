using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using InstanceProfileTools.Sandbox.Identity;
using InstanceProfileTools.Sandbox.Protocol;
using InstanceProfileTools.Sandbox.State;

namespace InstanceProfileTools.Sandbox.Ec2
{
    /// <summary>
    /// Launch templates, per account and region like instances: CreateLaunchTemplate, DescribeLaunchTemplates and
    /// ModifyLaunchTemplate (botocore's ec2 model). Error codes and wording: EC2's API error table and real answers
    /// quoted in each error's comment.
    /// </summary>
    public sealed partial class Ec2Service
    {
        private static readonly Regex s_launchTemplateName = new Regex(@"^[a-zA-Z0-9().\-/_]{3,128}\z", RegexOptions.CultureInvariant);
        private static readonly Regex s_launchTemplateId = new Regex("^lt-[0-9a-f]{17}\\z", RegexOptions.CultureInvariant);

        private IEnumerable<XElement> CreateLaunchTemplate(AwsRequest request)
        {
            string name = request.Get("LaunchTemplateName") ?? throw Ec2Errors.Missing("LaunchTemplateName");
            if (!s_launchTemplateName.IsMatch(name))
            {
                // As EC2 words it (github-aws-runners/terraform-aws-github-runner#932).
                throw new AwsServiceException("InvalidLaunchTemplateName.MalformedException",
                    "A launch template name must be between 3 and 128 characters, and may contain letters, numbers, and the following characters: - ( ) . / _.", 400);
            }

            LaunchTemplateVersionEntity version = NewVersion(request, 1, LaunchTemplateDataReader.IsGiven(request) ? LaunchTemplateDataReader.Read(request) : null);
            List<TagEntity> tags = Ec2Tags.For(Ec2Tags.ReadSpecifications(request, "TagSpecification."), "launch-template");
            if (State.LaunchTemplates.Values.Any(t => t.LaunchTemplateName == name))
            {
                // InvalidLaunchTemplateName.AlreadyExistsException, 400 (github-aws-runners/terraform-aws-github-runner#1382, hashicorp/packer#7817).
                throw new AwsServiceException("InvalidLaunchTemplateName.AlreadyExistsException", "Launch template name already in use.", 400);
            }

            var template = new LaunchTemplateEntity
            {
                LaunchTemplateId = IdGenerator.Ec2Id("lt-"),
                LaunchTemplateName = name,
                CreateTime = version.CreateTime,
                CreatedBy = version.CreatedBy,
                DefaultVersionNumber = 1,
                Sequence = NextSequence(),
                Tags = tags,
                Versions = { version },
            };
            State.LaunchTemplates[template.LaunchTemplateId] = template;
            yield return LaunchTemplateXml.Template(template);
        }

        private IEnumerable<XElement> DescribeLaunchTemplates(AwsRequest request)
        {
            List<string> ids = WithinFilterLimit(request.GetList("LaunchTemplateId"));
            List<string> names = WithinFilterLimit(request.GetList("LaunchTemplateName"));
            int pageSize = PageSize(request, 200);
            Dictionary<string, HashSet<string>> filters = Filters(request, "launch-template-name", "tag-key", "tag:");
            List<LaunchTemplateEntity> named = ids.Select(id => FindLaunchTemplate(id, null)).Concat(names.Select(n => FindLaunchTemplate(null, n))).ToList();
            IEnumerable<LaunchTemplateEntity> matching = (ids.Count + names.Count > 0 ? named.Distinct() : State.LaunchTemplates.Values)
                .Where(t => PassesLike(filters, "launch-template-name", t.LaunchTemplateName) && Ec2Tags.PassFilters(filters, t.Tags))
                .OrderBy(t => t.Sequence);
            var (items, next) = Paging.Page(matching, t => SequenceKey(t.Sequence), request.Get("NextToken"), pageSize, InvalidNextToken);
            yield return Ec2Xml.Items("launchTemplates", items.Select(t => LaunchTemplateXml.Template(t)));
            if (next != null)
            {
                yield return Ec2Xml.E("nextToken", next);
            }
        }

        /// <summary>ModifyLaunchTemplate's SetDefaultVersion: a version number (or $Latest) the template has.</summary>
        private IEnumerable<XElement> ModifyLaunchTemplate(AwsRequest request)
        {
            LaunchTemplateEntity template = LaunchTemplateOf(request);
            if (request.Get("SetDefaultVersion") is string version)
            {
                template.DefaultVersionNumber = FindVersion(template, version).VersionNumber;
            }

            yield return LaunchTemplateXml.Template(template);
        }

        /// <summary>The template LaunchTemplateId or LaunchTemplateName names (the id wins when both are given).</summary>
        private LaunchTemplateEntity LaunchTemplateOf(AwsRequest request, string prefix = "") =>
            request.Get(prefix + "LaunchTemplateId") is null && request.Get(prefix + "LaunchTemplateName") is null
                ? throw Ec2Errors.Missing("LaunchTemplateName or LaunchTemplateId")
                : FindLaunchTemplate(request.Get(prefix + "LaunchTemplateId"), request.Get(prefix + "LaunchTemplateName"));

        /// <summary>The template of this id (when given) or name, in this account and region.</summary>
        private LaunchTemplateEntity FindLaunchTemplate(string? id, string? name)
        {
            if (id != null)
            {
                if (!s_launchTemplateId.IsMatch(id))
                {
                    // The EC2 API error table's description of InvalidLaunchTemplateId.Malformed.
                    throw new AwsServiceException("InvalidLaunchTemplateId.Malformed",
                        "The ID for the launch template is malformed. Ensure that you specify the launch template ID in the form lt-xxxxxxxxxxxxxxxxx.", 400);
                }

                // As EC2 words it (aws/karpenter-provider-aws#5665).
                return State.LaunchTemplates.GetValueOrDefault(id)
                    ?? throw new AwsServiceException("InvalidLaunchTemplateId.NotFound", $"The specified launch template, with template ID {id}, does not exist.", 400);
            }

            // As EC2 words it (getmoto/moto#5477 quotes the CLI; floci-io/floci#3234: Karpenter relies on the code).
            return State.LaunchTemplates.Values.FirstOrDefault(t => t.LaunchTemplateName == name)
                ?? throw new AwsServiceException("InvalidLaunchTemplateName.NotFoundException", $"The specified launch template, with template name {name}, does not exist.", 400);
        }

        /// <summary>A new version by the caller: its description (at most 255 characters) and <paramref name="data"/>, which is required.</summary>
        private LaunchTemplateVersionEntity NewVersion(AwsRequest request, long number, LaunchTemplateDataEntity? data)
        {
            string? description = request.Get("VersionDescription");
            if (description is { Length: > 255 })
            {
                throw Ec2Errors.InvalidValue($"Value ({description}) for parameter versionDescription is invalid. Length must be 255 characters or fewer.");
            }

            // MissingParameter in EC2's words, as CloudFormation relays them (awsdocs/aws-cloudformation-user-guide#453).
            return new LaunchTemplateVersionEntity
            {
                VersionNumber = number,
                VersionDescription = description,
                CreateTime = Now,
                CreatedBy = (request.Caller ?? CallerIdentity.User(_accountId)).Arn,
                Data = data ?? throw new AwsServiceException("MissingParameter", "No launch template data was provided. Launch template data is required to create a launch template.", 400),
            };
        }

        /// <summary>MaxResults from 1 to <paramref name="max"/>; the most when not given.</summary>
        private static int PageSize(AwsRequest request, int max)
        {
            string? value = request.Get("MaxResults");
            if (value == null)
            {
                return max;
            }

            return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int size) && size >= 1 && size <= max
                ? size
                : throw Ec2Errors.InvalidValue($"Value ( {value} ) for parameter maxResults is invalid. Expecting a value between 1 and {max}.");
        }
    }
}
