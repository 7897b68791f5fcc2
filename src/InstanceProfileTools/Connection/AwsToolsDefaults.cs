using System.Management.Automation;
using System.Reflection;
using InstanceProfileTools.Input;

namespace InstanceProfileTools.Connection
{
    /// <summary>
    /// The shell defaults AWS.Tools users set: Set-AWSCredential (or Initialize-AWSDefaultConfiguration) stores an
    /// AWSPSCredentials in $StoredAWSCredentials, Set-DefaultAWSRegion a region name in $StoredAWSRegion. They apply
    /// in AWS.Tools' order: after the command's own parameters, before the environment (EVIDENCE row 32, from
    /// aws-tools-for-powershell's CredentialsArguments.cs).
    /// </summary>
    internal static class AwsToolsDefaults
    {
        public const string CredentialsVariable = "StoredAWSCredentials";
        public const string RegionVariable = "StoredAWSRegion";

        /// <summary>
        /// The SDK credentials an AWSPSCredentials holds. Its Credentials property is not public (AWS.Tools reads it
        /// by reflection too); null when the variable is unset or holds something else.
        /// </summary>
        public static object? CredentialsOf(object? stored)
        {
            object? value = stored is PSObject wrapped ? wrapped.BaseObject : stored;
            PropertyInfo? property = value?.GetType().GetProperty("Credentials", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
            return property is null || property.GetIndexParameters().Length > 0 ? null : property.GetValue(value);
        }

        /// <summary>The region name in $StoredAWSRegion, or null.</summary>
        public static string? RegionOf(object? stored)
        {
            object? value = stored is PSObject wrapped ? wrapped.BaseObject : stored;
            string? name = value?.ToString();
            return string.IsNullOrEmpty(name) ? null : name;
        }
    }
}
