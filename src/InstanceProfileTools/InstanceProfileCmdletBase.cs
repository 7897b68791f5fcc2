using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Connection;
using InstanceProfileTools.Core;
using InstanceProfileTools.Core.Connection;
using InstanceProfileTools.Core.Estate;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Operations;
using InstanceProfileTools.Core.Ports;
using InstanceProfileTools.Core.Validation;
using InstanceProfileTools.Errors;
using InstanceProfileTools.Input;

namespace InstanceProfileTools
{
    /// <summary>
    /// What every cmdlet of the module shares: the connection parameters, the Core context built from them on
    /// first use, a cancellation token that Ctrl+C cancels, the channel Core writes to from any thread, and the
    /// one map from Core's failures to ErrorRecords.
    /// </summary>
    public abstract class InstanceProfileCmdletBase : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _cancellation = new();
        private readonly HostChannel _channel = new();
        private OperationContext? _context;
        private object? _credential;
        private string? _storedRegion;
        private IDisposable? _clients;
        private PlaceDirectory? _places;
        private bool _disposed;

        /// <summary>
        /// The AWS region, such as eu-west-1; by default from AWS_REGION or the AWS config file. The cmdlets that span
        /// the estate take several, or * for every region enabled for the account.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public virtual string[]? Region { get; set; }

        /// <summary>
        /// The AWS credential profile in the shared config and credentials files; the cmdlets that span the estate
        /// take several, each an account.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [Alias("AWSProfileName", "StoredCredentials")]
        public string[]? AwsProfile { get; set; }

        /// <summary>A shared credentials file to read -AwsProfile from, instead of ~/.aws/credentials.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [Alias("AWSProfilesLocation", "ProfilesLocation")]
        public string? ProfileLocation { get; set; }

        /// <summary>
        /// A PSCredential (user name = access key id, password = secret access key) or an AWSCredentials object
        /// from any loaded AWS SDK, AWS.Tools' included.
        /// </summary>
        [Parameter]
        [ValidateNotNull]
        public object? Credential { get; set; }

        /// <summary>One endpoint for IAM and EC2, such as a local sandbox; by default AWS_ENDPOINT_URL[_IAM|_EC2] or AWS's.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? EndpointUrl { get; set; }

        /// <summary>Cancelled when the user presses Ctrl+C; every Core call takes it.</summary>
        protected CancellationToken CancellationToken => _cancellation.Token;

        /// <summary>Core's services, the clock, the log and the wait settings, built on first use.</summary>
        protected OperationContext Context => _context ??= CreateContext();

        /// <summary>
        /// Mutating EC2 calls a second for the command (its -MaxRequestRate, in the cmdlets that change instances);
        /// null for AWS's documented rates alone.
        /// </summary>
        protected virtual double? MaxMutatingRate => null;

        /// <summary>
        /// Whether the cmdlet takes several regions and profiles (<see cref="PlacesFor"/>); the others refuse them
        /// before any call.
        /// </summary>
        protected virtual bool SpansEstate => false;

        /// <summary>How the cmdlet parameters ask to reach AWS.</summary>
        protected AwsConnectionOptions ConnectionOptions => OptionsFor(AwsProfile?[0]);

        private AwsConnectionOptions OptionsFor(string? awsProfile) => new()
        {
            Region = Region?.FirstOrDefault(region => region != PlaceDirectory.EveryRegion) ?? _storedRegion,
            AwsProfile = awsProfile,
            ProfileLocation = ProfileLocation is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(ProfileLocation),
            Credential = _credential,
            EndpointUrl = EndpointUrl,
        };

        public void Dispose()
        {
            Dispose(true);
            GC.SuppressFinalize(this);
        }

        protected override void BeginProcessing()
        {
            FormatDataLoader.EnsureLoaded(this);

            // On the pipeline thread: the context may be built later on a worker thread, where a credential
            // written as a PowerShell class could not be asked for its keys.
            // AWS.Tools' shell defaults come after the command's own parameters, before the environment.
            object? credential = Credential ?? (AwsProfile is null ? AwsToolsDefaults.CredentialsOf(GetVariableValue(AwsToolsDefaults.CredentialsVariable)) : null);
            _storedRegion = Region is null ? AwsToolsDefaults.RegionOf(GetVariableValue(AwsToolsDefaults.RegionVariable)) : null;
            try
            {
                _credential = CredentialAdapter.ToCore(credential);
            }
            catch (InstanceProfileToolsException failure)
            {
                ThrowTerminatingError(ErrorRecordFactory.Create(failure, failure.Target));
            }

            if (!SpansEstate && PlaceDirectory.Spans(Region, Profiles))
            {
                ValidateParameter(() => throw new InputValidationException(ErrorIds.InvalidParameter, "Region", string.Join(",", Region ?? Array.Empty<string>()),
                    $"{MyInvocation.MyCommand.Name} works in one account and region: give -Region and -AwsProfile one value each. " +
                    "Several, or -Region *, are taken by Get-InstanceRole, Get-InstanceProfileAssociation, Set-InstanceRole and Undo-InstanceRole."));
            }

            // Core checks it again when it resolves the connection (with the AWS_ENDPOINT_URL* variables); here, so
            // that no item is read from the pipeline before the command stops.
            if (EndpointUrl is not null)
            {
                ValidateParameter(() => Validate.EndpointUrl(EndpointUrl));
            }
        }

        /// <summary>
        /// The accounts and regions the command reaches for one pipeline record: each -AwsProfile (an account) in each
        /// of <paramref name="regions"/> (the record's -Region; the configured region when null, every enabled region
        /// for *). A bad region name, an account that cannot be reached, or regions that cannot be listed fail here.
        /// </summary>
        protected IReadOnlyList<Place> PlacesFor(string[]? regions)
        {
            string[]? named = regions ?? (_storedRegion is null ? null : new[] { _storedRegion });
            foreach (string region in named ?? Array.Empty<string>())
            {
                if (region != PlaceDirectory.EveryRegion) Validate.Region(region);
            }

            _places ??= new PlaceDirectory(OptionsFor, _channel, MaxMutatingRate);
            return Run(token => _places.PlacesAsync(Profiles, named, token));
        }

        /// <summary>
        /// Whether this pipeline record names other regions than <paramref name="gathered"/>, those the ids waiting
        /// for one read were given with: they are read first, where they belong.
        /// </summary>
        protected bool RegionsChangedFrom(string[]? gathered) =>
            !(Region ?? Array.Empty<string>()).SequenceEqual(gathered ?? Array.Empty<string>(), StringComparer.Ordinal);

        // The command's credential profiles; one null for its default credentials.
        private IReadOnlyList<string?> Profiles => AwsProfile is { Length: > 0 } profiles ? profiles : new string?[] { null };

        /// <summary>Whether -WhatIf (or $WhatIfPreference) is in force: ShouldProcess then approves nothing.</summary>
        protected bool WhatIfInForce =>
            MyInvocation.BoundParameters.TryGetValue("WhatIf", out object? whatIf)
                ? LanguagePrimitives.IsTrue(whatIf)
                : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));

        protected override void StopProcessing() => _cancellation.Cancel();

        /// <summary>
        /// Runs a Core operation to its end on the pipeline thread, writing Core's log messages as they come.
        /// Ctrl+C cancels the operation and stops the pipeline.
        /// </summary>
        protected T Run<T>(Func<CancellationToken, Task<T>> operation)
        {
            if (operation is null) throw new ArgumentNullException(nameof(operation));
            CancellationToken token = CancellationToken;
            Task<T> task = Task.Run(() => operation(token), token);
            WaitHandle[] handles = { ((IAsyncResult)task).AsyncWaitHandle, _channel.Signal };
            while (!task.IsCompleted)
            {
                WaitHandle.WaitAny(handles);
                DrainChannel();
            }

            DrainChannel();
            try
            {
                return task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <summary><see cref="Run{T}"/> for operations that answer nothing.</summary>
        protected void Run(Func<CancellationToken, Task> operation)
        {
            if (operation is null) throw new ArgumentNullException(nameof(operation));
            Run(async token =>
            {
                await operation(token).ConfigureAwait(false);
                return true;
            });
        }

        /// <summary>
        /// Reads a paginated list lazily: each page is requested only when the items of the one before have all
        /// been consumed, so the first object reaches the pipeline before the next page is fetched.
        /// </summary>
        protected IEnumerable<T> ReadPages<T>(Func<string?, CancellationToken, Task<Page<T>>> fetchPage)
        {
            if (fetchPage is null) throw new ArgumentNullException(nameof(fetchPage));
            return Paging.Lazily<T>(nextToken => Run(cancellationToken => fetchPage(nextToken, cancellationToken)));
        }

        /// <summary>
        /// Runs the work for one pipeline item; a Core failure becomes a non-terminating error about
        /// <paramref name="target"/> and the pipeline goes on.
        /// </summary>
        protected void ForEachItem(object? target, Action work)
        {
            if (work is null) throw new ArgumentNullException(nameof(work));
            try
            {
                work();
            }
            catch (InstanceProfileToolsException failure)
            {
                WriteError(ErrorRecordFactory.Create(failure, target));
            }
        }

        /// <summary>
        /// Checks a parameter that does not come from the pipeline: a broken constraint stops the command before
        /// any call, since no item could succeed.
        /// </summary>
        protected void ValidateParameter(Action validate)
        {
            if (validate is null) throw new ArgumentNullException(nameof(validate));
            try
            {
                validate();
            }
            catch (InputValidationException failure)
            {
                ThrowTerminatingError(ErrorRecordFactory.Create(failure, failure.Target));
            }
        }

        /// <summary>The ErrorRecord for a Core failure, as the module writes it.</summary>
        protected ErrorRecord ToErrorRecord(Exception exception, object? target) => ErrorRecordFactory.Create(exception, target);

        /// <summary>The channel Core writes to: its log lines, and a run's reports.</summary>
        protected HostChannel Channel => _channel;

        /// <summary>Writes one message of Core's, on the pipeline thread: a log line here; a run's report in the cmdlets that run.</summary>
        protected virtual void Write(HostMessage message, int? wave)
        {
            if (message.Kind == HostMessageKind.Warning) WriteWarning(message.Text);
            else if (message.Kind == HostMessageKind.Verbose) WriteVerbose(message.Text);
        }

        // Writes every message posted so far; on the pipeline thread only.
        private void DrainChannel()
        {
            while (_channel.TryRead(out HostMessage message)) Write(message, null);
        }

        protected virtual void Dispose(bool disposing)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (disposing)
            {
                _clients?.Dispose();
                _places?.Dispose();
                _cancellation.Dispose();
                _channel.Dispose();
            }
        }

        private OperationContext CreateContext()
        {
            try
            {
                return ContextFactory.Create(ConnectionOptions, _channel, MaxMutatingRate, out _clients);
            }
            catch (InstanceProfileToolsException failure)
            {
                ThrowTerminatingError(ErrorRecordFactory.Create(failure, null));
                throw;
            }
        }
    }
}
