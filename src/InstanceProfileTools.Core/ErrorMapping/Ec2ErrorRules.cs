using System;
using InstanceProfileTools.Core.Diagnostics;

namespace InstanceProfileTools.Core.ErrorMapping
{
    /// <summary>EC2's error codes for the association and instance calls the module makes; null for the codes both services share.</summary>
    internal static class Ec2ErrorRules
    {
        private const string NotInState = "The instance or association is not in a state that allows this; read its state and try again.";

        public static ServiceErrorMapping? TryMap(AwsCall call, string code, string message)
        {
            string? instance = call.Id("InstanceId");
            string? association = call.Id("AssociationId");
            switch (code)
            {
                case "InvalidInstanceID.Malformed":
                    return new ServiceErrorMapping(ErrorIds.InvalidInstanceId, FailureKind.InvalidArgument, instance ?? call.Target,
                        "An instance id is 'i-' followed by 17 hexadecimal digits.");
                case "InvalidInstanceID.NotFound":
                    return new ServiceErrorMapping(ErrorIds.InstanceNotFound, FailureKind.ObjectNotFound, instance ?? call.Target,
                        "Check the instance id and the region (-Region).");
                case "InvalidAssociationID.NotFound":
                    return new ServiceErrorMapping(ErrorIds.AssociationNotFound, FailureKind.ObjectNotFound, association ?? call.Target,
                        "The association no longer exists; read the current one with Get-InstanceProfileAssociation.");
                case "IncorrectState" when Contains(message, "existing association"):
                    return new ServiceErrorMapping(ErrorIds.InstanceAlreadyAssociated, FailureKind.ResourceExists, instance ?? call.Target,
                        "The instance already has an instance profile: replace it with Set-InstanceProfileAssociation, or change its role safely with Set-InstanceRole.");
                case "IncorrectState" when Contains(message, "not the active association"):
                    return new ServiceErrorMapping(ErrorIds.IncorrectState, FailureKind.InvalidOperation, call.Target, NotInState, ErrorTraits.NotActiveAssociation);
                case "IncorrectState" when Contains(message, "InstanceIdentityProfileNotFound"):
                    return new ServiceErrorMapping(ErrorIds.IncorrectState, FailureKind.InvalidOperation, call.Target, NotInState, ErrorTraits.Propagation);
                case "IncorrectState":
                    return new ServiceErrorMapping(ErrorIds.IncorrectState, FailureKind.InvalidOperation, call.Target, NotInState);
                case "InvalidParameterValue" when Contains(message, "Invalid IAM Instance Profile"):
                    return new ServiceErrorMapping(ErrorIds.InstanceProfileNotFound, FailureKind.ObjectNotFound, call.Id("InstanceProfile") ?? call.Target,
                        "EC2 does not know this instance profile: check its name or ARN; a profile created moments ago takes a while to reach EC2.",
                        ErrorTraits.Propagation);
                case "InvalidParameterValue" when Contains(message, "has no associated IAM Roles"):
                    return new ServiceErrorMapping(ErrorIds.InstanceProfileNotReady, FailureKind.InvalidOperation, call.Id("InstanceProfile") ?? call.Target,
                        "The profile has no role (or EC2 does not see it yet); add one with Add-ProfileRole.", ErrorTraits.Propagation);
                case "InvalidParameterValue":
                case "InvalidParameterCombination":
                case "InvalidParameter":
                case "MissingParameter":
                case "ValidationError":
                    return CommonErrorRules.InvalidParameter(call);
            }

            return null;
        }

        private static bool Contains(string text, string part) => text.IndexOf(part, StringComparison.OrdinalIgnoreCase) >= 0;
    }
}
