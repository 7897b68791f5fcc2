using System;
using System.IO;
using System.Threading.Tasks;
using InstanceProfileTools.Sandbox.Hosting;

namespace InstanceProfileTools.Sandbox
{
    /// <summary>The sandbox executable.</summary>
    public static class Program
    {
        /// <summary>Starts the sandbox, prints "listening on URL" as the first stdout line and serves until stopped.</summary>
        public static async Task<int> Main(string[] args)
        {
            SandboxOptions options;
            try
            {
                options = SandboxOptions.Parse(args, Environment.GetEnvironmentVariable);
            }
            catch (ArgumentException ex)
            {
                await Console.Error.WriteLineAsync(ex.Message);
                return 2;
            }

            if (options.ShowHelp)
            {
                Console.WriteLine(SandboxOptions.HelpText());
                return 0;
            }

            SandboxHost host;
            try
            {
                host = await SandboxHost.StartAsync(options);
            }
            catch (Exception ex) when (ex is IOException || ex is InvalidDataException || ex is UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync("The sandbox could not start: " + ex.Message);
                return 1;
            }

            await using (host)
            {
                Console.Out.WriteLine("listening on " + host.Url.GetLeftPart(UriPartial.Authority));
                Console.Out.Flush();
                await host.WaitForShutdownAsync();
            }

            return 0;
        }
    }
}
