using System.Collections.Generic;
using InstanceProfileTools.Sandbox.Protocol;
using InstanceProfileTools.Sandbox.State;

namespace InstanceProfileTools.Sandbox.Ec2
{
    /// <summary>
    /// Reads LaunchTemplateData (botocore's ec2 model, RequestLaunchTemplateData): ImageId, InstanceType,
    /// IamInstanceProfile.Arn / .Name and TagSpecification.N; other members are accepted and not kept.
    /// </summary>
    public static class LaunchTemplateDataReader
    {
        /// <summary>The structure's prefix in a CreateLaunchTemplate or CreateLaunchTemplateVersion request.</summary>
        public const string Prefix = "LaunchTemplateData.";

        /// <summary>Whether the request gives any launch template data (an empty structure sends nothing).</summary>
        public static bool IsGiven(AwsRequest request) => request.HasAny(Prefix);

        /// <summary>The data the request gives; members it leaves out are null.</summary>
        public static LaunchTemplateDataEntity Read(AwsRequest request)
        {
            List<TagSpecificationEntity> specifications = Ec2Tags.ReadSpecifications(request, Prefix + "TagSpecification.");
            return new LaunchTemplateDataEntity
            {
                ImageId = request.Get(Prefix + "ImageId"),
                InstanceType = request.Get(Prefix + "InstanceType"),
                IamInstanceProfileArn = request.Get(Prefix + "IamInstanceProfile.Arn"),
                IamInstanceProfileName = request.Get(Prefix + "IamInstanceProfile.Name"),
                TagSpecifications = specifications.Count > 0 ? specifications : null,
            };
        }
    }
}
