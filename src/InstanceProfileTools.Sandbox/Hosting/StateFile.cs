using System.IO;
using System.Text.Json;
using InstanceProfileTools.Sandbox.State;

namespace InstanceProfileTools.Sandbox.Hosting
{
    /// <summary>Keeps the state in a JSON file across restarts, written atomically (temp file, then rename).</summary>
    public sealed class StateFile
    {
        private static readonly JsonSerializerOptions s_json = new JsonSerializerOptions { WriteIndented = true };

        private readonly string _path;

        /// <summary>Creates the store for this path.</summary>
        public StateFile(string path)
        {
            _path = Path.GetFullPath(path);
        }

        /// <summary>The saved state, or null when the file does not exist yet.</summary>
        public SandboxState? Load()
        {
            if (!File.Exists(_path))
            {
                return null;
            }

            try
            {
                return JsonSerializer.Deserialize<SandboxState>(File.ReadAllText(_path), s_json);
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"The state file {_path} is not a sandbox state: {ex.Message}", ex);
            }
        }

        /// <summary>Writes the state; a reader never sees a half-written file.</summary>
        public void Save(SandboxState state)
        {
            string? directory = Path.GetDirectoryName(_path);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            string temporary = _path + ".tmp";
            File.WriteAllText(temporary, JsonSerializer.Serialize(state, s_json));
            File.Move(temporary, _path, overwrite: true);
        }
    }
}
