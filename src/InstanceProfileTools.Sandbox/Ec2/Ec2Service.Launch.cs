using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using InstanceProfileTools.Sandbox.Protocol;
using InstanceProfileTools.Sandbox.State;

namespace InstanceProfileTools.Sandbox.Ec2
{
    /// <summary>
    /// RunInstances, with or without a launch template, and the same launch for AWS's own services (an Auto Scaling
    /// group, a CloudFormation stack), which the admin endpoint stands in for.
    /// </summary>
    public sealed partial class Ec2Service
    {
        private const int MaxInstancesPerLaunch = 1000;

        private static readonly Regex s_imageId = new Regex("^ami-([0-9a-f]{8}|[0-9a-f]{17})\\z", RegexOptions.CultureInvariant);

        /// <summary>
        /// Launches as AWS's own services do: the request's RunInstances parameters, plus <paramref name="serviceTags"/>
        /// (aws:autoscaling:..., aws:cloudformation:...), which no caller may set, and without the caller's iam:PassRole
        /// check, as the service passes the role. Answers the ids. Call holding the store's lock.
        /// </summary>
        public List<string> LaunchAsService(AwsRequest request, IReadOnlyList<TagEntity> serviceTags) =>
            Launch(request, false, serviceTags, checkPassRole: false).Select(l => l.Instance.InstanceId).ToList();

        private IEnumerable<XElement> RunInstances(AwsRequest request, bool stuck)
        {
            List<(InstanceEntity Instance, AssociationEntity? Association)> launched = Launch(request, stuck, Array.Empty<TagEntity>(), checkPassRole: true);
            yield return Ec2Xml.E("reservationId", launched[0].Instance.ReservationId);
            yield return Ec2Xml.E("ownerId", _accountId);
            yield return Ec2Xml.E("groupSet");
            yield return Ec2Xml.Items("instancesSet", launched.Select(l => Ec2Xml.Instance(l.Instance, InstanceStates.Pending, l.Association, _region)));
        }

        /// <summary>
        /// The launch: the launch template version's parameters (LaunchTemplate.LaunchTemplateId or .LaunchTemplateName,
        /// .Version, $Default when not given) under the request's own; the instances get its profile as an association
        /// and the tags aws:ec2launchtemplate:id and aws:ec2launchtemplate:version (EVIDENCE row 29).
        /// </summary>
        private List<(InstanceEntity Instance, AssociationEntity? Association)> Launch(AwsRequest request, bool stuck, IReadOnlyList<TagEntity> serviceTags, bool checkPassRole)
        {
            LaunchTemplateEntity? template = request.HasAny("LaunchTemplate.") ? LaunchTemplateOf(request, "LaunchTemplate.") : null;
            LaunchTemplateVersionEntity? version = template == null ? null : FindVersion(template, request.Get("LaunchTemplate.Version") ?? DefaultVersion);
            LaunchTemplateDataEntity data = version?.Data ?? new LaunchTemplateDataEntity();
            string imageId = request.Get("ImageId") ?? data.ImageId ?? throw Ec2Errors.Missing("ImageId");
            if (!s_imageId.IsMatch(imageId))
            {
                throw new AwsServiceException("InvalidAMIID.Malformed", $"Invalid id: \"{imageId}\" (expecting \"ami-...\")", 400);
            }

            int minCount = Count(request, "MinCount");
            int maxCount = Count(request, "MaxCount");
            if (minCount > maxCount)
            {
                throw Ec2Errors.InvalidValue("MinCount cannot be greater than MaxCount");
            }

            List<TagEntity> tags = Ec2Tags.For(data.TagSpecifications, "instance");
            Ec2Tags.Put(tags, Ec2Tags.For(Ec2Tags.ReadSpecifications(request, "TagSpecification."), "instance"));
            if (template != null)
            {
                Ec2Tags.Put(tags, new[]
                {
                    new TagEntity { Key = "aws:ec2launchtemplate:id", Value = template.LaunchTemplateId },
                    new TagEntity { Key = "aws:ec2launchtemplate:version", Value = version!.VersionNumber.ToString(CultureInfo.InvariantCulture) },
                });
            }

            Ec2Tags.Put(tags, serviceTags);
            InstanceProfileEntity? profile = request.HasAny("IamInstanceProfile.") ? ResolveProfile(request, identityVariantAllowed: false)
                : data.HasInstanceProfile ? ResolveProfile(data.IamInstanceProfileArn, data.IamInstanceProfileName, identityVariantAllowed: false)
                : null;
            if (profile != null && checkPassRole)
            {
                RefuseUnpassableRole(request, profile);
            }

            DateTimeOffset now = Now;
            string reservationId = IdGenerator.Ec2Id("r-");
            var launched = new List<(InstanceEntity, AssociationEntity?)>();
            for (int index = 0; index < maxCount; index++)
            {
                var instance = new InstanceEntity
                {
                    InstanceId = IdGenerator.Ec2Id("i-"),
                    ReservationId = reservationId,
                    ImageId = imageId,
                    InstanceType = request.Get("InstanceType") ?? data.InstanceType ?? "t2.micro",
                    AmiLaunchIndex = index,
                    LaunchTime = now,
                    Sequence = NextSequence(),
                    State = InstanceStates.Pending,
                    RunningAt = now + SandboxStore.Ms(Consistency.InstancePendingMs),
                    Tags = tags.Select(t => new TagEntity { Key = t.Key, Value = t.Value }).ToList(),
                };
                State.Instances[instance.InstanceId] = instance;
                launched.Add((instance, profile != null ? NewAssociation(instance.InstanceId, profile, stuck, now) : null));
            }

            return launched;
        }

        private static int Count(AwsRequest request, string parameter)
        {
            string value = request.Get(parameter) ?? throw Ec2Errors.Missing(parameter);
            if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int count) || count < 1 || count > MaxInstancesPerLaunch)
            {
                throw Ec2Errors.InvalidValue($"Value ({value}) for parameter {parameter} is invalid. Expecting a value between 1 and {MaxInstancesPerLaunch}.");
            }

            return count;
        }
    }
}
