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
                        tags.Add(new Tag(Text(entry.Key), Text(entry.Value)));
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

            object? tagValue = shape.Properties["Value"]?.Value;
            return new Tag(Text(key), Text(tagValue));
        }

        // As PowerShell turns a value into a string ("$value"): in the invariant culture, so that 1.5 stays 1.5 and
        // does not become "1,5" (a character IAM refuses in tags) under a German or French culture.
        private static string Text(object? value) => LanguagePrimitives.ConvertTo<string>(value) ?? string.Empty;
    }
}
