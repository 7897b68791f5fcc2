using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using InstanceProfileTools.Core;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Validation;

namespace InstanceProfileTools.Input
{
    /// <summary>
    /// Reads -Tag: hashtables (@{ env = 'prod' }) and objects with Key and Value properties (IAM's and EC2's
    /// tag objects, Get-InstanceProfileTag's output, [pscustomobject]s), mixed freely; then checks IAM's limits.
    /// </summary>
    internal static class TagInput
    {
        public static IReadOnlyList<Tag> Parse(object[]? input, string parameterName = "Tag")
        {
            var tags = new List<Tag>();
            foreach (object? item in input ?? Array.Empty<object>())
            {
                object? value = item is PSObject wrapped ? wrapped.BaseObject : item;
                if (value is IDictionary dictionary)
                {
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        string key = Text(entry.Key, "tag key", parameterName);
                        tags.Add(new Tag(key, ValueText(key, entry.Value, parameterName)));
                    }
                }
                else
                {
                    tags.Add(FromKeyValueObject(item, parameterName));
                }
            }

            Validate.Tags(tags, parameterName);
            return tags;
        }

        private static Tag FromKeyValueObject(object? item, string parameterName)
        {
            PSObject? shape = item is null ? null : PSObject.AsPSObject(item);
            object? key = shape?.Properties["Key"]?.Value;
            if (shape is null || key is null)
            {
                throw new InputValidationException(ErrorIds.InvalidTag, parameterName, item,
                    "A tag must be a hashtable (@{ env = 'prod' }) or an object with Key and Value properties.");
            }

            string keyText = Text(key, "tag key", parameterName);
            PSPropertyInfo? valueProperty = shape.Properties["Value"];
            if (valueProperty is null)
            {
                throw new InputValidationException(ErrorIds.InvalidTag, parameterName, keyText,
                    $"The tag object with key '{keyText}' has no Value property: a tag is an object with Key and Value properties, or a hashtable (@{{ env = 'prod' }}).");
            }

            return new Tag(keyText, ValueText(keyText, valueProperty.Value, parameterName));
        }

        // A $null value is most often a variable that was never set (@{ env = $envName }): refused rather than sent as
        // an empty value, which is written '' when meant.
        private static string ValueText(string key, object? value, string parameterName)
        {
            if (Unwrap(value) is null)
            {
                throw new InputValidationException(ErrorIds.InvalidTag, parameterName, key,
                    $"The value of tag '{key}' is $null: give it a value, or '' for an empty one.");
            }

            return Text(value, $"value of tag '{key}'", parameterName);
        }

        // As PowerShell turns a value into a string ("$value"): in the invariant culture, so that 1.5 stays 1.5 and
        // does not become "1,5" (a character IAM refuses in tags) under a German or French culture. A list or a
        // hashtable would become "a b" or "System.Collections.Hashtable": refused, since a tag holds one string.
        private static string Text(object? value, string what, string parameterName)
        {
            object? unwrapped = Unwrap(value);
            if (unwrapped is IEnumerable and not string)
            {
                throw new InputValidationException(ErrorIds.InvalidTag, parameterName, value,
                    $"The {what} is a list or a hashtable ({unwrapped.GetType().Name}): a tag key and a tag value are each one string.");
            }

            return LanguagePrimitives.ConvertTo<string>(value) ?? string.Empty;
        }

        private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;
    }
}
