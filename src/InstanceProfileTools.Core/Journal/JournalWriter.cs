using System;
using System.IO;
using System.Text;
using System.Text.Json;

namespace InstanceProfileTools.Core.Journal
{
    /// <summary>
    /// Appends journal lines, one JSON object each, written and flushed to disk before <see cref="Append"/> returns:
    /// a crash or Ctrl+C loses at most the line being written, and never touches the lines before it. One writer at
    /// a time, held by an advisory lock on a file beside the journal; a later run appends to the same file.
    /// </summary>
    public sealed class JournalWriter : IJournal, IDisposable
    {
        internal static readonly JsonSerializerOptions JsonOptions = new()
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        };

        private readonly object _lock = new();
        private readonly FileStream _stream;
        private readonly FileStream _writerLock;
        private bool _lineOpen;

        private JournalWriter(FileStream stream, FileStream writerLock, bool lineOpen)
        {
            _stream = stream;
            _writerLock = writerLock;
            _lineOpen = lineOpen;
        }

        /// <summary>The file the lines go to.</summary>
        public string Path => _stream.Name;

        /// <summary>Opens (or creates) the journal for appending; an <see cref="InputValidationException"/> when it cannot be.</summary>
        public static JournalWriter Open(string path)
        {
            if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException("A journal path is needed.", nameof(path));
            FileStream? writerLock = null;
            try
            {
                // The lock file stays: deleting it on close would let a third writer lock a new file of the same
                // name while the second still held the old one. FileShare.None is an exclusive flock on Unix.
                writerLock = new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1);

                // Unbuffered: a write that fails (a full disk) leaves nothing behind for Dispose to flush again.
                var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 1);
                return new JournalWriter(stream, writerLock, EndsMidLine(stream));
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                writerLock?.Dispose();
                throw new InputValidationException(ErrorIds.InvalidParameter, "JournalPath", path,
                    $"The journal '{path}' cannot be opened for appending: {error.Message} A journal has one writer at a time; give another -JournalPath or wait for the other run.");
            }
        }

        /// <summary>Writes one line and flushes it to disk; <see cref="ErrorIds.JournalWriteFailed"/> when it cannot.</summary>
        public void Append(JournalEntry entry)
        {
            if (entry is null) throw new ArgumentNullException(nameof(entry));
            string json = JsonSerializer.Serialize(entry, JsonOptions);
            lock (_lock)
            {
                // A crash, or a write that failed half way, can leave a line without its end: start a line of our own.
                byte[] line = Encoding.UTF8.GetBytes((_lineOpen ? "\n" : string.Empty) + json + "\n");
                try
                {
                    _stream.Write(line, 0, line.Length);
                    _stream.Flush(flushToDisk: true);
                    _lineOpen = false;
                }
                catch (Exception error) when (error is IOException or UnauthorizedAccessException or ObjectDisposedException)
                {
                    _lineOpen = true;
                    throw new InstanceProfileToolsException(ErrorIds.JournalWriteFailed, FailureKind.WriteError, Path,
                        $"The journal '{Path}' could not be written ({error.Message}), so no further instance is changed: every change is " +
                        "recorded before it is made. Free the space (or give another -JournalPath) and run the command again; it " +
                        "goes on from where the instances are.", error);
                }
            }
        }

        /// <summary>Closes the journal and releases the lock; never throws, so that a failed disk cannot hide the run's results.</summary>
        public void Dispose()
        {
            lock (_lock)
            {
                Close(_stream);
                Close(_writerLock);
            }
        }

        private static void Close(Stream stream)
        {
            try
            {
                stream.Dispose();
            }
            catch (IOException)
            {
                // Nothing is buffered; a close that fails has nothing left to lose.
            }
        }

        // Whether the file's last line lacks its end (a crash while writing it). A device such as /dev/full cannot seek.
        private static bool EndsMidLine(FileStream stream)
        {
            if (!stream.CanSeek || stream.Length == 0)
            {
                return false;
            }

            stream.Seek(-1, SeekOrigin.End);
            bool open = stream.ReadByte() != '\n';
            stream.Seek(0, SeekOrigin.End);
            return open;
        }
    }
}
