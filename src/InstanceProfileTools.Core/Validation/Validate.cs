using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using InstanceProfileTools.Core.Model;

namespace InstanceProfileTools.Core.Validation
{
    /// <summary>
    /// Checks input against the documented constraints before any call is made. Each method throws an
    /// <see cref="InputValidationException"/> whose message names the rule that was broken; none calls AWS.
    /// </summary>
    public static class Validate
    {
        private const string NameRule = @"it must match [\w+=,.@-]+ (letters, digits and _+=,.@-)";

        /// <summary>An IAM instance profile name: 1 to 128 of letters, digits and _+=,.@-.</summary>
        public static void InstanceProfileName(string? value, string parameterName = "InstanceProfileName") =>
            CheckName(value, parameterName, "Instance profile name", Constraints.InstanceProfileNameMaxLength, ErrorIds.InvalidInstanceProfileName);

        /// <summary>An IAM role name: 1 to 64 of letters, digits and _+=,.@-.</summary>
        public static void RoleName(string? value, string parameterName = "RoleName") =>
            CheckName(value, parameterName, "Role name", Constraints.RoleNameMaxLength, ErrorIds.InvalidRoleName);

        /// <summary>A role change's target: -RoleName or -InstanceProfileName, whichever is given.</summary>
        public static void RoleOrProfile(string? roleName, string? instanceProfileName)
        {
            if (roleName is not null) RoleName(roleName);
            if (instanceProfileName is not null) InstanceProfileName(instanceProfileName);
        }

        /// <summary>An IAM path: '/' alone or '/.../' of printable ASCII, at most 512 characters.</summary>
        public static void Path(string? value, string parameterName = "Path")
        {
            if (value is null || value.Length > Constraints.PathMaxLength || !Constraints.Path.IsMatch(value))
            {
                throw new InputValidationException(ErrorIds.InvalidPath, parameterName, value,
                    $"Path {Quote(value)} is invalid: it must be '/' or begin and end with '/' (such as '/app/web/'), " +
                    $"contain only printable ASCII characters without spaces, and be 1 to {Constraints.PathMaxLength} characters.");
            }
        }

        /// <summary>A path prefix for listing: '/' followed by printable ASCII, at most 512 characters.</summary>
        public static void PathPrefix(string? value, string parameterName = "PathPrefix")
        {
            if (value is null || value.Length > Constraints.PathMaxLength || !Constraints.PathPrefix.IsMatch(value))
            {
                throw new InputValidationException(ErrorIds.InvalidPath, parameterName, value,
                    $"Path prefix {Quote(value)} is invalid: it must begin with '/' (such as '/app/'), " +
                    $"contain only printable ASCII characters without spaces, and be 1 to {Constraints.PathMaxLength} characters.");
            }
        }

        /// <summary>Tags for one call: at most 50, valid keys and values, no duplicate or reserved ('aws:') keys.</summary>
        public static void Tags(IReadOnlyList<Tag>? tags, string parameterName = "Tag")
        {
            if (tags is null)
            {
                throw new InputValidationException(ErrorIds.InvalidTag, parameterName, null, "Tags are required.");
            }

            CheckTagCount(tags.Count, parameterName, tags);
            // IAM compares tag keys without regard to case ("Duplicate tag keys found. Please note that Tag keys are
            // case insensitive."), so 'Env' and 'env' in one call are the same key.
            var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (Tag tag in tags)
            {
                CheckTagKey(tag.Key, parameterName);
                if (tag.Value is null || tag.Value.Length > Constraints.TagValueMaxLength || !Constraints.TagValue.IsMatch(tag.Value))
                {
                    throw new InputValidationException(ErrorIds.InvalidTag, parameterName, tag,
                        $"The value of tag '{tag.Key}' is invalid: it must be 0 to {Constraints.TagValueMaxLength} characters of " +
                        "letters, digits, spaces and _.:/=+-@.");
                }

                if (seen.TryGetValue(tag.Key, out string? earlier))
                {
                    string which = earlier == tag.Key ? $"Tag key '{tag.Key}' is given more than once" : $"Tag keys '{earlier}' and '{tag.Key}' are the same key to IAM, which ignores case";
                    throw new InputValidationException(ErrorIds.InvalidTag, parameterName, tag,
                        $"{which}: each key may appear once per call.");
                }

                seen.Add(tag.Key, tag.Key);
            }
        }

        /// <summary>Tag keys to remove: at most 50, each a valid key.</summary>
        public static void TagKeys(IReadOnlyList<string>? keys, string parameterName = "TagKey")
        {
            if (keys is null)
            {
                throw new InputValidationException(ErrorIds.InvalidTag, parameterName, null, "Tag keys are required.");
            }

            CheckTagCount(keys.Count, parameterName, keys);
            foreach (string key in keys)
            {
                CheckTagKey(key, parameterName);
            }
        }

        /// <summary>An EC2 instance id: 'i-' and 8 or 17 lowercase hexadecimal digits.</summary>
        public static void InstanceId(string? value, string parameterName = "InstanceId")
        {
            if (value is null || !Constraints.InstanceId.IsMatch(value))
            {
                throw new InputValidationException(ErrorIds.InvalidInstanceId, parameterName, value,
                    $"Instance id {Quote(value)} is invalid: it must be 'i-' followed by 17 (or, for older instances, 8) " +
                    "lowercase hexadecimal digits, such as 'i-0123456789abcdef0'." + Hint(value, Constraints.InstanceId, caseMatters: true));
            }
        }

        /// <summary>An EC2 association id: 'iip-assoc-' and 17 (or 8) lowercase hexadecimal digits.</summary>
        public static void AssociationId(string? value, string parameterName = "AssociationId")
        {
            if (value is null || !Constraints.AssociationId.IsMatch(value))
            {
                throw new InputValidationException(ErrorIds.InvalidAssociationId, parameterName, value,
                    $"Association id {Quote(value)} is invalid: it must be 'iip-assoc-' followed by 17 (or 8) " +
                    "lowercase hexadecimal digits, such as 'iip-assoc-0123456789abcdef0'." + Hint(value, Constraints.AssociationId, caseMatters: true));
            }
        }

        /// <summary>
        /// An AWS region code such as eu-west-1. <paramref name="parameterName"/> is also where the value came from
        /// (Region, or AWS_REGION and the like), which the message names.
        /// </summary>
        public static void Region(string? value, string parameterName = "Region")
        {
            if (value is null || !Constraints.Region.IsMatch(value))
            {
                string source = parameterName == "Region" ? string.Empty : $" (from {parameterName})";
                throw new InputValidationException(ErrorIds.InvalidParameter, parameterName, value,
                    $"Region {Quote(value)}{source} is invalid: it must be a region code such as 'eu-west-1', of lowercase letters, " +
                    "digits and hyphens (not first or last), 1 to 63 characters." + Hint(value, Constraints.Region, caseMatters: true));
            }
        }

        /// <summary>
        /// An AWS credential profile name, as -AwsProfile gives it: not blank. A blank name would otherwise read as
        /// "no profile" and sign with whatever the default chain finds, possibly another account's keys.
        /// </summary>
        public static void AwsProfile(string? value, string parameterName = "AwsProfile")
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new InputValidationException(ErrorIds.InvalidParameter, parameterName, value,
                    $"AWS profile {Quote(value)} is invalid: it must name a profile of the shared config or credentials file, such as 'default'.");
            }
        }

        /// <summary>
        /// An endpoint: an absolute http:// or https:// URL; answers it without query, fragment or trailing '/'.
        /// <paramref name="parameterName"/> may name an environment variable the value came from.
        /// </summary>
        public static string EndpointUrl(string? value, string parameterName = "EndpointUrl")
        {
            if (value is null
                || !Uri.TryCreate(value.Trim(), UriKind.Absolute, out Uri? uri)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                string source = parameterName == "EndpointUrl" ? string.Empty : $" (from {parameterName})";
                throw new InputValidationException(ErrorIds.InvalidParameter, parameterName, value,
                    $"Endpoint {Quote(value)}{source} is invalid: it must be an absolute http:// or https:// URL, such as 'http://127.0.0.1:4566'.");
            }

            // A user name and password in the URL would be sent nowhere useful and printed in logs and errors; the
            // message shows the URL without them.
            if (uri.UserInfo.Length > 0)
            {
                string shown = uri.Scheme + "://***@" + uri.GetComponents(UriComponents.HostAndPort | UriComponents.Path, UriFormat.UriEscaped);
                string source = parameterName == "EndpointUrl" ? string.Empty : $" (from {parameterName})";
                throw new InputValidationException(ErrorIds.InvalidParameter, parameterName, shown,
                    $"Endpoint '{shown}'{source} is invalid: it must not carry a user name or password; give credentials with -Credential or -AwsProfile.");
            }

            return uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
        }

        /// <summary>An instance profile ARN; answers its parts.</summary>
        public static InstanceProfileArn InstanceProfileArn(string? value, string parameterName = "InstanceProfileArn")
        {
            if (Validation.InstanceProfileArn.TryParse(value, out InstanceProfileArn? arn))
            {
                return arn!;
            }

            throw new InputValidationException(ErrorIds.InvalidInstanceProfileArn, parameterName, value,
                $"Instance profile ARN {Quote(value)} is invalid: it must look like " +
                "'arn:aws:iam::123456789012:instance-profile/path/name', with a 12-digit account id, " +
                "a valid path and a valid instance profile name." + Hint(value, Constraints.InstanceProfileArn, caseMatters: false));
        }

        /// <summary>MaxItems of an IAM list call: 1 to 1000.</summary>
        public static void MaxItems(int value, string parameterName = "MaxItems") =>
            CheckRange(value, parameterName, Constraints.MaxItemsMin, Constraints.MaxItemsMax);

        /// <summary>MaxResults of DescribeIamInstanceProfileAssociations: 5 to 1000.</summary>
        public static void AssociationMaxResults(int value, string parameterName = "MaxResults") =>
            CheckRange(value, parameterName, Constraints.AssociationMaxResultsMin, Constraints.AssociationMaxResultsMax);

        private static void CheckName(string? value, string parameterName, string what, int maxLength, string errorId)
        {
            if (value is null || value.Length > maxLength || !Constraints.Name.IsMatch(value))
            {
                throw new InputValidationException(errorId, parameterName, value,
                    $"{what} {Quote(value)} is invalid: {NameRule} and be 1 to {maxLength} characters." + Hint(value, Constraints.Name, caseMatters: false));
            }
        }

        private static void CheckTagCount(int count, string parameterName, object target)
        {
            if (count == 0 || count > Constraints.MaxTags)
            {
                throw new InputValidationException(ErrorIds.InvalidTag, parameterName, target,
                    $"{count} tags were given: a call takes 1 to {Constraints.MaxTags} tags.");
            }
        }

        private static void CheckTagKey(string? key, string parameterName)
        {
            if (key is null || key.Length > Constraints.TagKeyMaxLength || !Constraints.TagKey.IsMatch(key))
            {
                throw new InputValidationException(ErrorIds.InvalidTag, parameterName, key,
                    $"Tag key {Quote(key)} is invalid: it must be 1 to {Constraints.TagKeyMaxLength} characters of " +
                    "letters, digits, spaces and _.:/=+-@.");
            }

            if (key.StartsWith(Constraints.ReservedTagKeyPrefix, StringComparison.OrdinalIgnoreCase))
            {
                throw new InputValidationException(ErrorIds.InvalidTag, parameterName, key,
                    $"Tag key '{key}' is invalid: keys that begin with '{Constraints.ReservedTagKeyPrefix}' are reserved for AWS.");
            }
        }

        private static void CheckRange(int value, string parameterName, int min, int max)
        {
            if (value < min || value > max)
            {
                throw new InputValidationException(ErrorIds.InvalidParameter, parameterName, value,
                    $"{parameterName} {value.ToString(CultureInfo.InvariantCulture)} is out of range: it must be {min} to {max}.");
            }
        }

        // What a tired operator most often gets wrong in a value that is otherwise right: a space copied along with
        // it, or upper case where AWS wants lower. Said outright, since a quoted trailing space is easy to miss.
        private static string Hint(string? value, Regex pattern, bool caseMatters)
        {
            if (value is null)
            {
                return string.Empty;
            }

            string trimmed = value.Trim();
            bool spaced = trimmed.Length > 0 && trimmed != value;
            bool upper = caseMatters && trimmed.ToLowerInvariant() != trimmed;
            if (spaced && upper && pattern.IsMatch(trimmed.ToLowerInvariant()))
            {
                return " Remove the white space around it and write it in lower case.";
            }

            if (spaced && pattern.IsMatch(trimmed))
            {
                return " Remove the white space around it.";
            }

            return upper && pattern.IsMatch(value.ToLowerInvariant()) ? " Write it in lower case." : string.Empty;
        }

        private static string Quote(string? value) => value is null ? "(null)" : "'" + value + "'";
    }
}
