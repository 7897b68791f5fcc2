using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace InstanceProfileTools.Core.Journal
{
    /// <summary>
    /// Reads a journal back. A line that is not a journal entry (one a crash cut short, wherever a re-run appended
    /// after it) is skipped, and its number reported, so that one torn line never hides the rest.
    /// </summary>
    public static class JournalReader
    {
        /// <summary>The entries in the order written; <paramref name="skipped"/> holds the numbers (from 1) of the lines left out.</summary>
        public static IReadOnlyList<JournalEntry> Read(string path, out IReadOnlyList<int> skipped)
        {
            string[] lines;
            try
            {
                lines = File.ReadAllLines(path);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                throw new InputValidationException(ErrorIds.InvalidParameter, "JournalPath", path, $"The journal '{path}' cannot be read: {error.Message}");
            }

            var entries = new List<JournalEntry>(lines.Length);
            var bad = new List<int>();
            for (int i = 0; i < lines.Length; i++)
            {
                if (string.IsNullOrWhiteSpace(lines[i]))
                {
                    continue;
                }

                if (Parse(lines[i]) is { } entry)
                {
                    entries.Add(entry);
                }
                else
                {
                    bad.Add(i + 1);
                }
            }

            // A file with no entry at all is not a journal that was cut short: it is not a journal.
            if (entries.Count == 0 && bad.Count > 0)
            {
                throw new InputValidationException(ErrorIds.InvalidParameter, "JournalPath", path,
                    $"The file '{path}' is not a journal: none of its lines is a journal entry (a JSON object with an instanceId).");
            }

            skipped = bad;
            return entries;
        }

        private static JournalEntry? Parse(string line)
        {
            try
            {
                JournalEntry? entry = JsonSerializer.Deserialize<JournalEntry>(line, JournalWriter.JsonOptions);
                return entry is { InstanceId.Length: > 0 } or { LaunchTemplateId.Length: > 0 } ? entry : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}
