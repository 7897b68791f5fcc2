using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace InstanceProfileTools.Sandbox.Tests.Support
{
    /// <summary>The sandbox executable run as its own process (the DLL beside the tests), its output captured.</summary>
    internal sealed class SandboxProcess : IDisposable
    {
        private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(60);

        private readonly Process _process;
        private readonly StringBuilder _stderr = new StringBuilder();
        private readonly TaskCompletionSource<string> _firstLine = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);

        private SandboxProcess(IEnumerable<string> args)
        {
            var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "InstanceProfileTools.Sandbox.dll"));
            foreach (string arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            _process = new Process { StartInfo = start };
            _process.OutputDataReceived += (_, e) => _firstLine.TrySetResult(e.Data ?? "");
            _process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data != null)
                {
                    lock (_stderr)
                    {
                        _stderr.AppendLine(e.Data);
                    }
                }
            };
            _process.Start();
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        /// <summary>Everything written to stderr so far (all of it once the process has exited).</summary>
        public string Stderr
        {
            get
            {
                lock (_stderr)
                {
                    return _stderr.ToString();
                }
            }
        }

        /// <summary>Starts the process; it has not necessarily started listening yet.</summary>
        public static SandboxProcess Start(params string[] args) => new SandboxProcess(args);

        /// <summary>The URL from the first stdout line, once the sandbox listens.</summary>
        public async Task<Uri> ListeningAsync()
        {
            string line = await _firstLine.Task.WaitAsync(s_startTimeout);
            const string Prefix = "listening on ";
            return line.StartsWith(Prefix, StringComparison.Ordinal)
                ? new Uri(line.Substring(Prefix.Length))
                : throw new InvalidOperationException($"Unexpected first line '{line}'; stderr: {Stderr}");
        }

        /// <summary>Waits for the process to end on its own; answers its exit code.</summary>
        public async Task<int> ExitCodeAsync()
        {
            using var timeout = new CancellationTokenSource(s_startTimeout);
            await _process.WaitForExitAsync(timeout.Token);
            return _process.ExitCode;
        }

        /// <summary>Kills the process at once (SIGKILL on Linux) and waits until it is gone and its output read.</summary>
        public async Task KillAsync()
        {
            _process.Kill(entireProcessTree: true);
            await ExitCodeAsync();
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }

            _process.Dispose();
        }
    }
}
