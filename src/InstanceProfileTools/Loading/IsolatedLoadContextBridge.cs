using System;
using System.Reflection;
using System.Runtime.Loader;

namespace InstanceProfileTools.Loading
{
    /// <summary>
    /// PowerShell 7: the default context asks us for InstanceProfileTools.Core only (when the cmdlets first touch
    /// it), and we load it into <see cref="DependencyLoadContext"/>, whose own resolution then serves AWSSDK.*
    /// from <c>dependencies/</c>. Answering for nothing else keeps PowerShell's and the framework's assemblies
    /// shared, and never hands AWS.Tools' SDK to us or ours to it.
    /// </summary>
    internal static class IsolatedLoadContextBridge
    {
        private const string CoreAssemblyName = "InstanceProfileTools.Core";

        private static readonly object s_lock = new();
        private static DependencyLoadContext? s_loadContext;
        private static bool s_registered;

        public static void Register(string dependencyDirectory)
        {
            lock (s_lock)
            {
                // One context for the life of the process: a module re-imported after Remove-Module must find the
                // Core it already loaded, since the default context remembers the answer.
                s_loadContext ??= new DependencyLoadContext(dependencyDirectory);
                if (!s_registered)
                {
                    AssemblyLoadContext.Default.Resolving += ResolveCore;
                    s_registered = true;
                }
            }
        }

        public static void Unregister()
        {
            lock (s_lock)
            {
                if (s_registered)
                {
                    AssemblyLoadContext.Default.Resolving -= ResolveCore;
                    s_registered = false;
                }
            }
        }

        private static Assembly? ResolveCore(AssemblyLoadContext context, AssemblyName name)
        {
            if (!string.Equals(name.Name, CoreAssemblyName, StringComparison.Ordinal))
            {
                return null;
            }

            return s_loadContext?.LoadFromAssemblyName(name);
        }
    }
}
