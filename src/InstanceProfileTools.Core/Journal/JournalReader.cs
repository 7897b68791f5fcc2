using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace InstanceProfileTools.Core.Journal
{
    /// <summary>
    /// Reads a journal back. A last line cut short (the one a crash was writing) is left out and said so; a bad
    /// line before it means the file is not a journal, or was edited, and nothing is read.
    /// </summary>
    public static class JournalReader
    {
        /// <summary>The entries in the order written; <paramref name="torn"/> is true when a cut-short last line was left out.</summary>
        public static IReadOnlyList<JournalEntry> Read(string path, out bool torn)
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
            torn = false;
            for (int i = 0; i < lines.Length; i++)
            {
                if (string.IsNullOrWhiteSpace(lines[i]))
                {
                    continue;
                }

                JournalEntry? entry = Parse(lines[i]);
                if (entry is not null)
                {
                    entries.Add(entry);
                }
                else if (IsLast(lines, i))
                {
                    torn = true;
                }
                else
                {
                    throw new InputValidationException(ErrorIds.InvalidParameter, "JournalPath", path,
                        $"Line {i + 1} of the journal '{path}' is not a journal entry (a JSON object with an instanceId). Nothing was read.");
                }
            }

            return entries;
        }

        private static JournalEntry? Parse(string line)
        {
            try
            {
                JournalEntry? entry = JsonSerializer.Deserialize<JournalEntry>(line, JournalWriter.JsonOptions);
                return entry is { InstanceId.Length: > 0 } ? entry : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }

        private static bool IsLast(string[] lines, int index)
        {
            for (int i = index + 1; i < lines.Length; i++)
            {
                if (!string.IsNullOrWhiteSpace(lines[i])) return false;
            }

            return true;
        }
    }
}
