using System.IO;
using System.Text.Json;
using System.Text.Json.Nodes;
using InstanceProfileTools.Sandbox.State;

namespace InstanceProfileTools.Sandbox.Hosting
{
    /// <summary>
    /// Keeps the state in a JSON file across restarts. A save writes a temporary file beside it, flushes it to disk
    /// and renames it over the old one, so a process killed at any moment (SIGKILL included) leaves either the old
    /// file or the new one, whole. A file that does not parse is refused, never overwritten. A file of the first
    /// shape (one flat world, before accounts and regions) is read into the default account and us-east-1.
    /// </summary>
    public sealed class StateFile
    {
        private static readonly JsonSerializerOptions s_json = new JsonSerializerOptions { WriteIndented = true };

        private readonly string _path;

        /// <summary>Creates the store for this path.</summary>
        public StateFile(string path)
        {
            _path = Path.GetFullPath(path);
        }

        /// <summary>The temporary file a save writes before the rename (in the same folder, so the rename is atomic).</summary>
        public string TemporaryPath => _path + ".tmp";

        /// <summary>
        /// The saved state, or null when the file does not exist yet. Throws <see cref="InvalidDataException"/>
        /// naming the file and the problem when it is empty, truncated, not a sandbox state or from a newer sandbox.
        /// A flat world (the first shape) lands in <paramref name="defaultAccountId"/>, its instances in us-east-1.
        /// </summary>
        public SandboxState? Load(string defaultAccountId)
        {
            if (!File.Exists(_path))
            {
                return null;
            }

            string text = File.ReadAllText(_path);
            if (text.Trim().Length == 0)
            {
                throw Refused("it is empty");
            }

            SandboxState state;
            try
            {
                JsonNode node = JsonNode.Parse(text) ?? throw Refused("it holds null, not a state object");
                state = node is JsonObject root && FlatWorldMigration.IsFlatWorld(root)
                    ? FlatWorldMigration.Migrate(root, defaultAccountId, s_json)
                    : node.Deserialize<SandboxState>(s_json) ?? throw Refused("it holds null, not a state object");
            }
            catch (JsonException ex)
            {
                throw Refused("it is truncated or corrupt: " + ex.Message);
            }
            catch (System.InvalidOperationException ex)
            {
                // A member of the wrong JSON kind (GetValue on an object, say).
                throw Refused("it is truncated or corrupt: " + ex.Message);
            }

            return state.Version <= SandboxState.CurrentVersion
                ? state
                : throw Refused($"it was written by a newer sandbox (state version {state.Version}; this one reads up to {SandboxState.CurrentVersion})");
        }

        /// <summary>Writes the state; a reader, or a restart after a crash, never sees a half-written file.</summary>
        public void Save(SandboxState state)
        {
            string? directory = Path.GetDirectoryName(_path);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            using (var stream = new FileStream(TemporaryPath, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                JsonSerializer.Serialize(stream, state, s_json);

                // Flushed to the disk before the rename: otherwise a power loss could leave the renamed file empty.
                stream.Flush(flushToDisk: true);
            }

            File.Move(TemporaryPath, _path, overwrite: true);
        }

        private InvalidDataException Refused(string problem) =>
            new InvalidDataException($"The state file {_path} cannot be read: {problem}. It was left as it is; repair or remove it, or start without --state.");
    }
}
