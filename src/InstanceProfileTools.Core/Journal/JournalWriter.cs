using System;
using System.IO;
using System.Text;
using System.Text.Json;

namespace InstanceProfileTools.Core.Journal
{
    /// <summary>
    /// Appends journal lines, one JSON object each, flushed to disk before the next: a crash or Ctrl+C loses at
    /// most the line being written, and never touches the lines before it. One writer at a time; a later run
    /// appends to the same file.
    /// </summary>
    public sealed class JournalWriter : IDisposable
    {
        internal static readonly JsonSerializerOptions JsonOptions = new()
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        };

        private readonly object _lock = new();
        private readonly FileStream _stream;
        private readonly FileStream _writerLock;

        private JournalWriter(FileStream stream, FileStream writerLock)
        {
            _stream = stream;
            _writerLock = writerLock;
        }

        /// <summary>The file the lines go to.</summary>
        public string Path => _stream.Name;

        /// <summary>Opens (or creates) the journal for appending; an <see cref="InputValidationException"/> when it cannot be.</summary>
        public static JournalWriter Open(string path)
        {
            if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException("A journal path is needed.", nameof(path));
            FileStream stream;
            FileStream? writerLock = null;
            try
            {
                // A lock file beside the journal holds the one writer (file-share modes do not on Linux); readers need no lock.
                writerLock = new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
                stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                writerLock?.Dispose();
                throw new InputValidationException(ErrorIds.InvalidParameter, "JournalPath", path,
                    $"The journal '{path}' cannot be opened for appending: {error.Message} A journal has one writer at a time; give another -JournalPath or wait for the other run.");
            }

            // A crash can leave a last line without its end: the next line starts on a line of its own.
            if (stream.Length > 0)
            {
                stream.Seek(-1, SeekOrigin.End);
                if (stream.ReadByte() != '\n')
                {
                    stream.WriteByte((byte)'\n');
                }
            }

            stream.Seek(0, SeekOrigin.End);
            return new JournalWriter(stream, writerLock);
        }

        /// <summary>Writes one line and flushes it to disk.</summary>
        public void Append(JournalEntry entry)
        {
            if (entry is null) throw new ArgumentNullException(nameof(entry));
            byte[] line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(entry, JsonOptions) + "\n");
            lock (_lock)
            {
                _stream.Write(line, 0, line.Length);
                _stream.Flush(flushToDisk: true);
            }
        }

        public void Dispose()
        {
            _stream.Dispose();
            _writerLock.Dispose();
        }
    }
}
