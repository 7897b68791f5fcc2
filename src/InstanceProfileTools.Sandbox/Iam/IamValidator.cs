using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using InstanceProfileTools.Sandbox.Protocol;

namespace InstanceProfileTools.Sandbox.Iam
{
    /// <summary>
    /// Checks request members against the model's constraints and reports them all at once, as IAM's
    /// "N validation errors detected: ..." ValidationError (400) does; STS, the other query service, answers alike.
    /// </summary>
    public sealed class IamValidator
    {
        /// <summary>The model's name pattern: ASCII word characters and +=,.@- (Java's \w is ASCII-only).</summary>
        public const string NamePattern = @"[\w+=,.@-]+";

        private const string TagKeyPattern = @"[\p{L}\p{Z}\p{N}_.:/=+\-@]+";
        private const string TagValuePattern = @"[\p{L}\p{Z}\p{N}_.:/=+\-@]*";

        private static readonly Regex s_name = new Regex(@"^[A-Za-z0-9_+=,.@-]+\z", RegexOptions.CultureInvariant);
        private static readonly Regex s_path = new Regex(@"^(/|/[\u0021-\u007F]+/)\z", RegexOptions.CultureInvariant);
        private static readonly Regex s_pathPrefix = new Regex(@"^/[\u0021-\u007F]*\z", RegexOptions.CultureInvariant);
        private static readonly Regex s_tagKey = new Regex(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]+\z", RegexOptions.CultureInvariant);
        private static readonly Regex s_description = new Regex(@"^[\p{L}\p{M}\p{Z}\p{S}\p{N}\p{P}]*\z", RegexOptions.CultureInvariant);
        private static readonly Regex s_policyDocument = new Regex(@"^[\u0009\u000A\u000D\u0020-\u00FF]+\z", RegexOptions.CultureInvariant);
        private static readonly Regex s_tagValue = new Regex(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*\z", RegexOptions.CultureInvariant);

        private readonly List<string> _errors = new List<string>();
        private readonly HashSet<string> _missing = new HashSet<string>(StringComparer.Ordinal);
        private string? _pathMessage;

        /// <summary>A required member that must be present.</summary>
        public string Required(string? value, string wireName)
        {
            if (value == null)
            {
                // Absent is one error; the "" stand-in must not also fail the member's length.
                _errors.Add($"Value null at '{wireName}' failed to satisfy constraint: Member must not be null");
                _missing.Add(wireName);
                return "";
            }

            return value;
        }

        /// <summary>A role or profile name: length and the name pattern.</summary>
        public void Name(string? value, string wireName, int maxLength)
        {
            if (value == null)
            {
                return;
            }

            Length(value, wireName, 1, maxLength);
            if (value.Length > 0 && !s_name.IsMatch(value))
            {
                _errors.Add($"Value '{value}' at '{wireName}' failed to satisfy constraint: Member must satisfy regular expression pattern: {NamePattern}");
            }
        }

        /// <summary>A path: "/" or "/.../" with printable ASCII, 1 to 512 characters.</summary>
        public void Path(string? value)
        {
            if (value == null)
            {
                return;
            }

            Length(value, "path", 1, 512);
            if (value.Length > 0 && !s_path.IsMatch(value))
            {
                _pathMessage = "The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.";
            }
        }

        /// <summary>A path prefix: starts with "/", printable ASCII, 1 to 512 characters.</summary>
        public void PathPrefix(string? value)
        {
            if (value == null)
            {
                return;
            }

            Length(value, "pathPrefix", 1, 512);
            if (value.Length > 0 && !s_pathPrefix.IsMatch(value))
            {
                _errors.Add($"Value '{value}' at 'pathPrefix' failed to satisfy constraint: Member must satisfy regular expression pattern: \\u002F[\\u0021-\\u007F]*");
            }
        }

        /// <summary>A role description: up to 1000 letters, marks, separators, symbols, digits and punctuation.</summary>
        public void Description(string? value)
        {
            if (value == null)
            {
                return;
            }

            Length(value, "description", 0, 1000);
            if (!s_description.IsMatch(value))
            {
                _errors.Add($"Value '{value}' at 'description' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{{L}}\\p{{M}}\\p{{Z}}\\p{{S}}\\p{{N}}\\p{{P}}]*");
            }
        }

        /// <summary>A policy document: 1 to 131072 characters of tab, line ends and Latin-1.</summary>
        public void PolicyDocument(string? value, string wireName)
        {
            if (value == null)
            {
                return;
            }

            Length(value, wireName, 1, 131072);
            if (value.Length > 0 && !s_policyDocument.IsMatch(value))
            {
                _errors.Add($"Value '{value}' at '{wireName}' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+");
            }
        }

        /// <summary>
        /// A string member of the model with a length range and a pattern (<paramref name="pattern"/> matches the whole
        /// value; <paramref name="patternText"/> is the model's pattern as the message quotes it).
        /// </summary>
        public void Matches(string? value, string wireName, int min, int max, Regex pattern, string patternText)
        {
            if (value == null)
            {
                return;
            }

            Length(value, wireName, min, max);
            if (!pattern.IsMatch(value))
            {
                _errors.Add($"Value '{value}' at '{wireName}' failed to satisfy constraint: Member must satisfy regular expression pattern: {patternText}");
            }
        }

        /// <summary>A string member's length.</summary>
        public void Length(string? value, string wireName, int min, int max)
        {
            if (value == null || _missing.Contains(wireName))
            {
                return;
            }

            if (value.Length < min)
            {
                _errors.Add($"Value '{value}' at '{wireName}' failed to satisfy constraint: Member must have length greater than or equal to {min}");
            }
            else if (value.Length > max)
            {
                _errors.Add($"Value '{value}' at '{wireName}' failed to satisfy constraint: Member must have length less than or equal to {max}");
            }
        }

        /// <summary>
        /// A tag list: at most 50, each key and value within the tag patterns and lengths. IAM names the member but
        /// not the value in these messages (recorded real answers), unlike its messages about names.
        /// </summary>
        public void Tags(IReadOnlyList<(string Key, string Value)> tags, string wireName)
        {
            if (tags.Count > 50)
            {
                Unquoted(wireName, "Member must have length less than or equal to 50");
            }

            for (int i = 0; i < tags.Count; i++)
            {
                string keyName = $"{wireName}.{i + 1}.member.key";
                string? keyProblem = TagKeyProblem(tags[i].Key);
                if (keyProblem != null)
                {
                    Unquoted(keyName, keyProblem);
                }

                string valueName = $"{wireName}.{i + 1}.member.value";
                if (tags[i].Value.Length > 256)
                {
                    Unquoted(valueName, "Member must have length less than or equal to 256");
                }
                else if (!s_tagValue.IsMatch(tags[i].Value))
                {
                    Unquoted(valueName, "Member must satisfy regular expression pattern: " + TagValuePattern);
                }
            }
        }

        /// <summary>
        /// UntagInstanceProfile's key list: at most 50; any bad key is one error about the whole list that names
        /// every constraint of a member, as IAM answers.
        /// </summary>
        public void TagKeys(IReadOnlyList<string> keys, string wireName)
        {
            if (keys.Count > 50)
            {
                Unquoted(wireName, "Member must have length less than or equal to 50");
            }

            if (keys.Any(k => TagKeyProblem(k) != null))
            {
                Unquoted(wireName, "Member must satisfy constraint: [Member must have length less than or equal to 128, " +
                    "Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: " +
                    TagKeyPattern + ", Member must not be null]");
            }
        }

        /// <summary>An integer member within bounds; null when absent.</summary>
        public int? Integer(string? value, string wireName, int min, int max)
        {
            if (value == null)
            {
                return null;
            }

            if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int number))
            {
                _errors.Add($"Value '{value}' at '{wireName}' failed to satisfy constraint: Member must be a number");
                return null;
            }

            if (number < min)
            {
                _errors.Add($"Value '{number}' at '{wireName}' failed to satisfy constraint: Member must have value greater than or equal to {min}");
            }
            else if (number > max)
            {
                _errors.Add($"Value '{number}' at '{wireName}' failed to satisfy constraint: Member must have value less than or equal to {max}");
            }

            return number;
        }

        private static string? TagKeyProblem(string key) =>
            key.Length < 1 ? "Member must have length greater than or equal to 1"
            : key.Length > 128 ? "Member must have length less than or equal to 128"
            : !s_tagKey.IsMatch(key) ? "Member must satisfy regular expression pattern: " + TagKeyPattern
            : null;

        private void Unquoted(string wireName, string constraint) =>
            _errors.Add($"Value at '{wireName}' failed to satisfy constraint: {constraint}");

        /// <summary>Throws the ValidationError if anything failed.</summary>
        public void ThrowIfInvalid()
        {
            if (_errors.Count > 0)
            {
                string noun = _errors.Count == 1 ? "validation error" : "validation errors";
                throw new AwsServiceException("ValidationError", $"{_errors.Count} {noun} detected: " + string.Join("; ", _errors), 400);
            }

            if (_pathMessage != null)
            {
                throw new AwsServiceException("ValidationError", _pathMessage, 400);
            }
        }
    }
}
