using System;
using System.IO;
using System.Reflection;

namespace InstanceProfileTools.Loading
{
    /// <summary>
    /// Windows PowerShell 5.1: finds the module's dependencies in <c>dependencies/</c> when the AppDomain cannot.
    /// There is one load context there, so this resolves without isolating.
    /// </summary>
    internal static class DesktopDependencyResolver
    {
        private static readonly object s_lock = new();
        private static string s_directory = string.Empty;
        private static bool s_registered;

        public static void Register(string dependencyDirectory)
        {
            lock (s_lock)
            {
                s_directory = dependencyDirectory;
                if (!s_registered)
                {
                    AppDomain.CurrentDomain.AssemblyResolve += Resolve;
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
                    AppDomain.CurrentDomain.AssemblyResolve -= Resolve;
                    s_registered = false;
                }
            }
        }

        private static Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            string? name = new AssemblyName(args.Name).Name;
            if (name is null)
            {
                return null;
            }

            string path = Path.Combine(s_directory, name + ".dll");
            return File.Exists(path) ? Assembly.LoadFrom(path) : null;
        }
    }
}
