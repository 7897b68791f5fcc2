using System;
using System.IO;
using System.Management.Automation;

namespace InstanceProfileTools.Loading
{
    /// <summary>
    /// Makes InstanceProfileTools.Core and the AWS SDK load from the module's <c>dependencies/</c> folder. On
    /// PowerShell 7 they load into the module's own AssemblyLoadContext, so that an AWS.Tools module that loaded
    /// another AWSSDK.Core (every 4.x carries assembly version 4.0.0.0) neither serves us nor is disturbed by us.
    /// Windows PowerShell 5.1 has one load context: there the files are only found, not isolated.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly string s_dependencyDirectory =
            Path.Combine(Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? string.Empty, "dependencies");

        // True on .NET (PowerShell 7), false on .NET Framework (Windows PowerShell 5.1).
        private static readonly bool s_isNetCore = typeof(object).Assembly.GetName().Name == "System.Private.CoreLib";

        public void OnImport()
        {
            // The two helpers are separate classes so that 5.1 never JIT-compiles code that names AssemblyLoadContext.
            if (s_isNetCore)
            {
                IsolatedLoadContextBridge.Register(s_dependencyDirectory);
            }
            else
            {
                DesktopDependencyResolver.Register(s_dependencyDirectory);
            }
        }

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            if (s_isNetCore)
            {
                IsolatedLoadContextBridge.Unregister();
            }
            else
            {
                DesktopDependencyResolver.Unregister();
            }
        }
    }
}
