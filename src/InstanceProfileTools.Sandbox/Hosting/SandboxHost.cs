using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Sandbox.Admin;
using InstanceProfileTools.Sandbox.Auth;
using InstanceProfileTools.Sandbox.Ec2;
using InstanceProfileTools.Sandbox.Faults;
using InstanceProfileTools.Sandbox.Iam;
using InstanceProfileTools.Sandbox.Identity;
using InstanceProfileTools.Sandbox.State;
using InstanceProfileTools.Sandbox.Sts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace InstanceProfileTools.Sandbox.Hosting
{
    /// <summary>A running sandbox: Kestrel on 127.0.0.1, the AWS endpoint and the admin endpoint.</summary>
    public sealed class SandboxHost : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly StateFile? _stateFile;

        private SandboxHost(WebApplication app, SandboxStore store, StateFile? stateFile, Uri url)
        {
            _app = app;
            Store = store;
            _stateFile = stateFile;
            Url = url;
        }

        /// <summary>Where it listens, e.g. http://127.0.0.1:5123.</summary>
        public Uri Url { get; }

        /// <summary>Its state and settings.</summary>
        public SandboxStore Store { get; }

        /// <summary>
        /// Starts a sandbox. <paramref name="clock"/> defaults to the real clock; <paramref name="verboseLog"/>, when
        /// given, receives the request log instead of stderr.
        /// </summary>
        public static async Task<SandboxHost> StartAsync(SandboxOptions options, IClock? clock = null, CancellationToken cancellationToken = default, TextWriter? verboseLog = null)
        {
            StateFile? stateFile = options.StateFile != null ? new StateFile(options.StateFile) : null;
            var store = new SandboxStore(clock ?? SystemClock.Instance, options.AccountId, options.Settings, stateFile?.Load(options.AccountId), options.Regions);
            if (stateFile != null)
            {
                store.Changed += () => stateFile.Save(store.State);
            }

            WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
            {
                kestrel.Listen(IPAddress.Loopback, options.Port);
                kestrel.AddServerHeader = false;
            });
            WebApplication app = builder.Build();
            var stats = new RequestStats(IamService.Actions.Concat(Ec2Service.Actions).Concat(StsService.Actions).ToList());
            var admin = new AdminEndpoint(store, stats, options.AccountIds);
            var keys = new KeyRing(options.Credentials, options.AccountsByAccessKey, options.AccountId);
            var aws = new AwsEndpoint(store, keys, new FaultInjector(store), stats, verboseLog ?? (options.Verbose ? Console.Error : null));
            app.Run(context => context.Request.Path.StartsWithSegments(AdminEndpoint.Prefix.TrimEnd('/'), StringComparison.Ordinal)
                ? admin.HandleAsync(context)
                : aws.HandleAsync(context));
            await app.StartAsync(cancellationToken);
            string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new SandboxHost(app, store, stateFile, new Uri(address));
        }

        /// <summary>Waits until the process is asked to stop (SIGTERM, Ctrl+C).</summary>
        public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

        /// <summary>Stops listening and writes the state one last time.</summary>
        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            if (_stateFile != null)
            {
                lock (Store.Sync)
                {
                    _stateFile.Save(Store.State);
                }
            }
        }
    }
}
