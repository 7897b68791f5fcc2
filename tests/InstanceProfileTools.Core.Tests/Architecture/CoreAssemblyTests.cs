using System.Linq;
using System.Reflection;
using InstanceProfileTools.Core.Ports;
using Xunit;

namespace InstanceProfileTools.Core.Tests.Architecture
{
    [Trait("Category", "Unit")]
    public sealed class CoreAssemblyTests
    {
        // Core must load and be tested without a PowerShell host; only the cmdlet assembly may reference it.
        [Fact]
        public void NeverReferencesSystemManagementAutomation()
        {
            AssemblyName[] references = typeof(IIamApi).Assembly.GetReferencedAssemblies();

            Assert.Contains(references, reference => reference.Name == "AWSSDK.Core");
            Assert.DoesNotContain(references, reference => reference.Name == "System.Management.Automation");
        }
    }
}
