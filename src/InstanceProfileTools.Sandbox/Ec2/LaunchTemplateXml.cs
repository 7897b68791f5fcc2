using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Xml.Linq;
using InstanceProfileTools.Sandbox.State;

namespace InstanceProfileTools.Sandbox.Ec2
{
    /// <summary>
    /// Launch templates in EC2's XML, with botocore's ec2 model's locationNames: LaunchTemplate (launchTemplateId,
    /// launchTemplateName, createTime, createdBy, defaultVersionNumber, latestVersionNumber, tagSet) and
    /// LaunchTemplateVersion (versionNumber, versionDescription, defaultVersion, launchTemplateData with imageId,
    /// instanceType, iamInstanceProfile {arn, name} and tagSpecificationSet).
    /// </summary>
    public static class LaunchTemplateXml
    {
        /// <summary>A LaunchTemplate structure named <paramref name="name"/> (launchTemplate, or item in a set).</summary>
        public static XElement Template(LaunchTemplateEntity template, string name = "launchTemplate") =>
            Ec2Xml.E(
                name,
                Identity(template),
                Ec2Xml.E("createTime", Ec2Xml.Date(template.CreateTime)),
                Ec2Xml.E("createdBy", template.CreatedBy),
                Ec2Xml.E("defaultVersionNumber", Number(template.DefaultVersionNumber)),
                Ec2Xml.E("latestVersionNumber", Number(template.LatestVersionNumber)),
                Ec2Tags.TagSet(template.Tags));

        /// <summary>A LaunchTemplateVersion structure named <paramref name="name"/> (launchTemplateVersion, or item in a set).</summary>
        public static XElement Version(LaunchTemplateEntity template, LaunchTemplateVersionEntity version, string name = "launchTemplateVersion") =>
            Ec2Xml.E(
                name,
                Identity(template),
                Ec2Xml.E("versionNumber", Number(version.VersionNumber)),
                version.VersionDescription == null ? null : Ec2Xml.E("versionDescription", version.VersionDescription),
                Ec2Xml.E("createTime", Ec2Xml.Date(version.CreateTime)),
                Ec2Xml.E("createdBy", version.CreatedBy),
                Ec2Xml.E("defaultVersion", version.VersionNumber == template.DefaultVersionNumber ? "true" : "false"),
                Data(version.Data));

        /// <summary>launchTemplateId and launchTemplateName, which both structures open with.</summary>
        private static XElement[] Identity(LaunchTemplateEntity template) => new[]
        {
            Ec2Xml.E("launchTemplateId", template.LaunchTemplateId),
            Ec2Xml.E("launchTemplateName", template.LaunchTemplateName),
        };

        private static XElement Data(LaunchTemplateDataEntity data) =>
            Ec2Xml.E(
                "launchTemplateData",
                data.ImageId == null ? null : Ec2Xml.E("imageId", data.ImageId),
                data.InstanceType == null ? null : Ec2Xml.E("instanceType", data.InstanceType),
                !data.HasInstanceProfile ? null : Ec2Xml.E(
                    "iamInstanceProfile",
                    data.IamInstanceProfileArn == null ? null : Ec2Xml.E("arn", data.IamInstanceProfileArn),
                    data.IamInstanceProfileName == null ? null : Ec2Xml.E("name", data.IamInstanceProfileName)),
                data.TagSpecifications == null ? null : Ec2Xml.Items("tagSpecificationSet", TagSpecifications(data.TagSpecifications)));

        private static IEnumerable<XElement> TagSpecifications(IEnumerable<TagSpecificationEntity> specifications) =>
            specifications.Select(s => Ec2Xml.E("tagSpecification", Ec2Xml.E("resourceType", s.ResourceType), Ec2Tags.TagSet(s.Tags)));

        private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
