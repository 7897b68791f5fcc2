using System;
using Amazon.EC2;
using Amazon.EC2.Model;
using InstanceProfileTools.Core.Model;
using InstanceState = InstanceProfileTools.Core.Model.InstanceState;

namespace InstanceProfileTools.Core.Ec2
{
    /// <summary>Between AWSSDK.EC2's types and Core's model.</summary>
    internal static class Ec2Mapping
    {
        public static IamInstanceProfileSpecification ToSpecification(ProfileReference profile) =>
            profile.Arn != null
                ? new IamInstanceProfileSpecification { Arn = profile.Arn }
                : new IamInstanceProfileSpecification { Name = profile.Name };

        public static ProfileAssociation ToAssociation(IamInstanceProfileAssociation association)
        {
            if (association is null)
            {
                throw new FormatException("The EC2 response has no iamInstanceProfileAssociation.");
            }

            return new ProfileAssociation(
                association.AssociationId ?? string.Empty,
                association.InstanceId ?? string.Empty,
                association.IamInstanceProfile?.Arn ?? string.Empty,
                association.IamInstanceProfile?.Id,
                ToAssociationState(association.State?.Value),
                ToUtc(association.Timestamp));
        }

        public static AssociationState ToAssociationState(string? state) => state switch
        {
            "associating" => AssociationState.Associating,
            "associated" => AssociationState.Associated,
            "disassociating" => AssociationState.Disassociating,
            "disassociated" => AssociationState.Disassociated,
            _ => throw new FormatException($"EC2 answered an unknown association state '{state}'."),
        };

        public static string ToWire(AssociationState state) => state switch
        {
            AssociationState.Associating => "associating",
            AssociationState.Associated => "associated",
            AssociationState.Disassociating => "disassociating",
            _ => "disassociated",
        };

        public static InstanceState ToInstanceState(string state) => state switch
        {
            "pending" => InstanceState.Pending,
            "running" => InstanceState.Running,
            "shutting-down" => InstanceState.ShuttingDown,
            "terminated" => InstanceState.Terminated,
            "stopping" => InstanceState.Stopping,
            "stopped" => InstanceState.Stopped,
            _ => throw new FormatException($"EC2 answered an unknown instance state '{state}'."),
        };

        // The SDK parses EC2's ISO 8601 timestamps; make sure Core always sees them as UTC.
        private static DateTime? ToUtc(DateTime? value) => value switch
        {
            null => null,
            { Kind: DateTimeKind.Local } local => local.ToUniversalTime(),
            { Kind: DateTimeKind.Unspecified } unspecified => DateTime.SpecifyKind(unspecified, DateTimeKind.Utc),
            _ => value,
        };
    }
}
