using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Internal.Util;
using InstanceProfileTools.Core.Connection;
using InstanceProfileTools.Core.Validation;

namespace InstanceProfileTools.Core.Credentials
{
    /// <summary>Turns -Credential or -AwsProfile (or neither) into the SDK credentials that sign requests.</summary>
    internal static class AwsCredentialResolver
    {
        public static AWSCredentials Resolve(AwsConnectionOptions options, CredentialProfileStoreChain profiles)
        {
            if (options.Credential != null)
            {
                return Adapt(options.Credential);
            }

            if (!string.IsNullOrWhiteSpace(options.AwsProfile))
            {
                if (profiles.TryGetAWSCredentials(options.AwsProfile, out AWSCredentials credentials))
                {
                    return WithProfileDuration(credentials, options.AwsProfile!);
                }

                throw new InstanceProfileToolsException(ErrorIds.NoCredentials, FailureKind.AuthenticationError, options.AwsProfile,
                    $"AWS profile '{options.AwsProfile}' was not found, or holds no usable credentials, in the shared config and " +
                    "credentials files (~/.aws/config, ~/.aws/credentials). Check the name, or run 'aws configure --profile " +
                    options.AwsProfile + "'.");
            }

            return new DefaultChainCredentials();
        }

        // AWSSDK.Core reads an assume-role profile's external_id and role_session_name but not its duration_seconds
        // (none of its strings names it), which the AWS CLI honours (AWS CLI user guide, "Use an IAM role in the
        // AWS CLI"): read here, so that one profile means the same session to both.
        private static AWSCredentials WithProfileDuration(AWSCredentials credentials, string profileName)
        {
            if (credentials is not AssumeRoleAWSCredentials assumed || DurationOf(profileName) is not int seconds)
            {
                return credentials;
            }

            AssumeRoleAWSCredentialsOptions assumeOptions = assumed.Options ?? new AssumeRoleAWSCredentialsOptions();
            assumeOptions.DurationSeconds = seconds;
            return new AssumeRoleAWSCredentials(assumed.SourceCredentials, assumed.RoleArn, assumed.RoleSessionName, assumeOptions);
        }

        private static int? DurationOf(string profileName)
        {
            string path = new SharedCredentialsFile().ConfigFilePath;
            if (!File.Exists(path) ||
                !new ProfileIniFile(path, profileMarkerRequired: true).TryGetSection(profileName, false, false, out Dictionary<string, string> properties, out _) ||
                !properties.TryGetValue("duration_seconds", out string? text))
            {
                return null;
            }

            // STS's range for AssumeRole; the role's own maximum is STS's to enforce.
            if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) || seconds < 900 || seconds > 43200)
            {
                throw new InputValidationException(ErrorIds.InvalidParameter, "AwsProfile", profileName,
                    $"duration_seconds of AWS profile '{profileName}' in '{path}' must be a whole number of seconds from 900 to 43200; it is '{text}'.");
            }

            return seconds;
        }

        /// <summary>
        /// An <see cref="AccessKeyCredential"/>, our SDK's <see cref="AWSCredentials"/>, or an AWSCredentials-like
        /// object from another load context (anything with a public <c>GetCredentials()</c> that returns keys).
        /// </summary>
        public static AWSCredentials Adapt(object credential)
        {
            switch (credential)
            {
                case AccessKeyCredential keys when !string.IsNullOrEmpty(keys.AccessKeyId) && !Constraints.AccessKeyId.IsMatch(keys.AccessKeyId):
                    // A key pasted with a space or a line break would reach AWS and come back as an unclear auth failure.
                    throw Invalid(keys, $"access key id {Shown(keys.AccessKeyId)} must be letters, digits and _ only ([\\w]+, as IAM's " +
                        "accessKeyIdType), without spaces.");
                case AccessKeyCredential keys when !string.IsNullOrEmpty(keys.AccessKeyId) && !string.IsNullOrEmpty(keys.SecretAccessKey):
                    return string.IsNullOrEmpty(keys.SessionToken)
                        ? new BasicAWSCredentials(keys.AccessKeyId, keys.SecretAccessKey)
                        : new SessionAWSCredentials(keys.AccessKeyId, keys.SecretAccessKey, keys.SessionToken);
                case AccessKeyCredential keys:
                    throw Invalid(keys, "an access key id and a secret access key are both required.");
                case AWSCredentials ours:
                    return ours;
            }

            return ForeignCredentials.TryCreate(credential)
                ?? throw Invalid(credential.GetType().FullName,
                    "give an AWSCredentials object (from any AWS SDK for .NET, such as Get-AWSCredential's), or a PSCredential " +
                    "whose user name is the access key id and whose password is the secret access key.");
        }

        // The target is the credential's type or id, never the object (whose members may print a secret), and never
        // an "id" that looks like a secret key pasted into the wrong field.
        private static InputValidationException Invalid(object? target, string why) =>
            new(ErrorIds.InvalidCredential, "Credential", target is AccessKeyCredential keys ? (LooksLikeSecret(keys.AccessKeyId) ? Hidden : keys.AccessKeyId) : target,
                "The -Credential value cannot be used: " + why);

        /// <summary>
        /// An access key id as a message may show it: quoted, unless it looks like a secret access key (40 characters,
        /// or a '/' or '+', which ids never have and secrets often do), which is never echoed.
        /// </summary>
        internal static string Shown(string? accessKeyId) =>
            accessKeyId is null ? "(none)" : LooksLikeSecret(accessKeyId) ? Hidden : $"'{accessKeyId}'";

        private const string Hidden = "(not shown: it looks like a secret access key)";

        private static bool LooksLikeSecret(string? accessKeyId) =>
            accessKeyId is not null && (accessKeyId.Trim().Length == 40 || accessKeyId.IndexOfAny(new[] { '/', '+' }) >= 0);
    }
}
