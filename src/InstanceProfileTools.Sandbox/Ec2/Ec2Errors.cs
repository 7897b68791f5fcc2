using InstanceProfileTools.Sandbox.Protocol;

namespace InstanceProfileTools.Sandbox.Ec2
{
    /// <summary>EC2's error answers with AWS's wording; client errors are 400.</summary>
    public static class Ec2Errors
    {
        /// <summary>A required parameter is missing.</summary>
        public static AwsServiceException Missing(string parameter) =>
            new AwsServiceException("MissingParameter", $"The request must contain the parameter {parameter}", 400);

        /// <summary>A parameter value is invalid.</summary>
        public static AwsServiceException InvalidValue(string message) =>
            new AwsServiceException("InvalidParameterValue", message, 400);

        /// <summary>An instance id of the wrong shape.</summary>
        public static AwsServiceException MalformedInstanceId(string id) =>
            new AwsServiceException("InvalidInstanceID.Malformed", $"Invalid id: \"{id}\"", 400);

        /// <summary>Well-formed instance ids that do not exist.</summary>
        public static AwsServiceException InstancesNotFound(System.Collections.Generic.IReadOnlyList<string> ids) =>
            ids.Count == 1
                ? new AwsServiceException("InvalidInstanceID.NotFound", $"The instance ID '{ids[0]}' does not exist", 400)
                : new AwsServiceException("InvalidInstanceID.NotFound", $"The instance IDs '{string.Join(", ", ids)}' do not exist", 400);

        /// <summary>A well-formed association id that does not exist.</summary>
        public static AwsServiceException AssociationNotFound(string id) =>
            new AwsServiceException("InvalidAssociationID.NotFound", $"An invalid association-id of '{id}' was given", 400);

        /// <summary>An association id of the wrong shape (EVIDENCE 16).</summary>
        public static AwsServiceException MalformedAssociationId() => InvalidValue("Invalid value for associationId.");

        /// <summary>IncorrectState with a message.</summary>
        public static AwsServiceException IncorrectState(string message) =>
            new AwsServiceException("IncorrectState", message, 400);

        /// <summary>More values in one filter or id list than EC2 takes on a single call (EVIDENCE 23).</summary>
        public static AwsServiceException FilterLimitExceeded() =>
            new AwsServiceException("FilterLimitExceeded", "The maximum number of filter values specified on a single call is 200", 400);

        /// <summary>
        /// A tag key of AWS's own in RunInstances' or CreateLaunchTemplate's tag specifications: "Tag keys starting
        /// with 'aws:' are reserved for internal use" (jcjorel/ec2-spot-converter#13, RunInstances).
        /// </summary>
        public static AwsServiceException ReservedTagKeys() =>
            InvalidValue("Tag keys starting with 'aws:' are reserved for internal use");

        /// <summary>
        /// A tag key of AWS's own given to CreateTags or DeleteTags: "Value ( aws:... ) for parameter key is invalid. ..."
        /// (AndrewFarley/AWS-Automated-Daily-Instance-AMI-Snapshots#7, cloud-custodian/cloud-custodian#5975).
        /// </summary>
        public static AwsServiceException ReservedTagKey(string key) =>
            InvalidValue($"Value ( {key} ) for parameter key is invalid. Tag keys starting with 'aws:' are reserved for internal use");

        /// <summary>An instance in a state the call cannot work on.</summary>
        public static AwsServiceException IncorrectInstanceState(string message) =>
            new AwsServiceException("IncorrectInstanceState", message, 400);
    }
}
