using InstanceProfileTools.Core;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Validation;

namespace InstanceProfileTools.Input
{
    /// <summary>Reads -InstanceProfileName / -InstanceProfileArn into the reference EC2 takes, exactly one of them.</summary>
    internal static class ProfileReferenceInput
    {
        public static ProfileReference From(string? name, string? arn)
        {
            if ((name is null) == (arn is null))
            {
                throw new InputValidationException(ErrorIds.InvalidParameter, "InstanceProfileName", name ?? arn,
                    "Give exactly one of -InstanceProfileName and -InstanceProfileArn.");
            }

            if (name is not null)
            {
                Validate.InstanceProfileName(name);
                return ProfileReference.ByName(name);
            }

            Validate.InstanceProfileArn(arn);
            return ProfileReference.ByArn(arn!);
        }
    }
}
