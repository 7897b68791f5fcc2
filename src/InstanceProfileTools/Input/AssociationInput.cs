using System;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core;
using InstanceProfileTools.Core.Operations;
using InstanceProfileTools.Core.Validation;

namespace InstanceProfileTools.Input
{
    /// <summary>
    /// Which association Unregister-InstanceProfile and Set-InstanceProfileAssociation act on. An association id
    /// wins: a piped association names its own, so a listing that has gone stale fails on EC2's
    /// InvalidAssociationID.NotFound instead of acting on the instance's newer association. Without one, the
    /// instance's current association is looked up.
    /// </summary>
    internal sealed class AssociationInput
    {
        private AssociationInput(string? associationId, string? instanceId)
        {
            AssociationId = associationId;
            InstanceId = instanceId;
        }

        /// <summary>The association id given, if any.</summary>
        public string? AssociationId { get; }

        /// <summary>The instance id, when it is one (a piped object without InstanceId binds as text).</summary>
        public string? InstanceId { get; }

        /// <summary>The instance and association, as ShouldProcess and messages name them.</summary>
        public string Describe(string associationId) => InstanceId is null ? associationId : $"{InstanceId} ({associationId})";

        /// <summary>Validates the ids before any call; throws <see cref="InputValidationException"/>.</summary>
        public static AssociationInput From(string? associationId, string? instanceId)
        {
            if (associationId is not null)
            {
                Validate.AssociationId(associationId);
                return new AssociationInput(associationId, IsInstanceId(instanceId) ? instanceId : null);
            }

            if (instanceId is null)
            {
                throw new InputValidationException(ErrorIds.InvalidParameter, nameof(InstanceId), null,
                    "Give -InstanceId, or -AssociationId (Get-InstanceProfileAssociation lists them).");
            }

            Validate.InstanceId(instanceId);
            return new AssociationInput(null, instanceId);
        }

        private static bool IsInstanceId(string? value)
        {
            try
            {
                Validate.InstanceId(value);
                return true;
            }
            catch (InputValidationException)
            {
                return false;
            }
        }
    }
}
