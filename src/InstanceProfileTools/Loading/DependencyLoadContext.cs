using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace InstanceProfileTools.Loading
{
    /// <summary>
    /// The module's own load context (PowerShell 7 only): InstanceProfileTools.Core and the AWS SDK assemblies come
    /// from <c>dependencies/</c>; everything else (the framework, PowerShell) falls back to the default context.
    /// </summary>
    internal sealed class DependencyLoadContext : AssemblyLoadContext
    {
        private readonly string _directory;

        public DependencyLoadContext(string directory)
        {
            _directory = directory;
        }

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            string? name = assemblyName.Name;
            if (name is null || !IsOurs(name))
            {
                return null;
            }

            string path = Path.Combine(_directory, name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }

        private static bool IsOurs(string name) =>
            name == "InstanceProfileTools.Core" || name.StartsWith("AWSSDK.", StringComparison.Ordinal);
    }
}
