using System;
using System.Linq;
using System.Management.Automation;
using System.Threading;

namespace InstanceProfileTools.HealthChecks
{
    /// <summary>
    /// A wave's health check: the user's script block, run in the caller's runspace (so it sees the caller's
    /// variables and functions) as a nested pipeline that a timer can stop. It passes only when its output is one or
    /// more $true and nothing else; no output, $false, a non-boolean, an error, or running past the timeout fails it.
    /// </summary>
    internal sealed class HealthCheckRun
    {
        private readonly Cmdlet _caller;
        private readonly ScriptBlock _check;
        private readonly TimeSpan _timeout;

        public HealthCheckRun(Cmdlet caller, ScriptBlock check, TimeSpan timeout)
        {
            _caller = caller;
            _check = check;
            _timeout = timeout;
        }

        /// <summary>Why the check failed for <paramref name="changes"/>, or null when it passed.</summary>
        public string? Failure(RoleChange[] changes)
        {
            using var shell = PowerShell.Create(RunspaceMode.CurrentRunspace);
            shell.AddScript("param($HealthCheck, $Changes) & $HealthCheck $Changes").AddArgument(_check).AddArgument(changes);
            int timedOut = 0;
            using var timer = new Timer(_ =>
            {
                Interlocked.Exchange(ref timedOut, 1);
                shell.BeginStop(null, null);
            }, null, _timeout, Timeout.InfiniteTimeSpan);
            try
            {
                var output = shell.Invoke();
                timer.Change(Timeout.Infinite, Timeout.Infinite);
                if (Volatile.Read(ref timedOut) == 1)
                {
                    return TimedOut();
                }

                foreach (ErrorRecord error in shell.Streams.Error)
                {
                    _caller.WriteError(error);
                }

                if (shell.HadErrors)
                {
                    return $"the health check wrote an error: {shell.Streams.Error.FirstOrDefault()?.Exception.Message ?? "(no message)"}";
                }

                // Only a clear yes passes: a check that printed nothing, or something other than booleans, proved nothing.
                if (output.Count == 0)
                {
                    return "the health check wrote no output (it must answer $true for a healthy wave)";
                }

                if (output.Any(item => item?.BaseObject is not bool))
                {
                    string first = output.First(item => item?.BaseObject is not bool)?.ToString() ?? "$null";
                    return $"the health check wrote '{first}', not only $true or $false (it must answer $true for a healthy wave)";
                }

                return output.Any(item => item.BaseObject is false) ? "the health check answered $false" : null;
            }
            catch (RuntimeException error) when (Volatile.Read(ref timedOut) == 0 && error is not PipelineStoppedException)
            {
                return $"the health check failed: {error.Message}";
            }
            catch (PipelineStoppedException) when (Volatile.Read(ref timedOut) == 1)
            {
                return TimedOut();
            }
        }

        private string TimedOut() => $"the health check did not finish within {_timeout.TotalSeconds:0} s";
    }
}
