using System.IO;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace InstanceProfileTools
{
    /// <summary>
    /// Adds the module's table views (InstanceProfileTools.Format.ps1xml, beside the DLL) to a runspace when one of
    /// its cmdlets first runs there, instead of at import through FormatsToProcess. Any format file given at import
    /// makes PowerShell build its whole format database then (about 150 ms, a tenth of a bare pwsh start), which a
    /// session otherwise builds only when it first formats output; our cmdlets' output is formatted after their
    /// BeginProcessing, so the views are in place in time.
    /// </summary>
    internal static class FormatDataLoader
    {
        private static readonly string s_formatFile =
            Path.Combine(Path.GetDirectoryName(typeof(FormatDataLoader).Assembly.Location) ?? string.Empty, "InstanceProfileTools.Format.ps1xml");

        // Runspaces that have the views; weak, so that a closed runspace is not kept alive.
        private static readonly ConditionalWeakTable<Runspace, object> s_loaded = new();

        public static void EnsureLoaded(PSCmdlet cmdlet)
        {
            Runspace? runspace = Runspace.DefaultRunspace;
            if (runspace is null || s_loaded.TryGetValue(runspace, out _) || !File.Exists(s_formatFile))
            {
                return;
            }

            s_loaded.Add(runspace, s_formatFile);
            cmdlet.InvokeCommand.InvokeScript("Update-FormatData -AppendPath $args[0]", false, PipelineResultTypes.None, null, s_formatFile);
        }
    }
}
