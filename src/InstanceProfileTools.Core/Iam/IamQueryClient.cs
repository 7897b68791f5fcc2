using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using InstanceProfileTools.Core.Diagnostics;
using InstanceProfileTools.Core.Credentials;
using InstanceProfileTools.Core.ErrorMapping;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Ports;

namespace InstanceProfileTools.Core.Iam
{
    /// <summary>
    /// IAM over the Query protocol, built the way the generated SDK clients are: an <see cref="AmazonServiceClient"/>
    /// whose runtime pipeline (credential resolution, SigV4 signing, the standard retry mode with backoff and
    /// jitter, HTTP) is AWSSDK.Core's, with this module's marshaller, unmarshallers and endpoint rules.
    /// AWSSDK.IdentityManagement is not available to this project; the day it is, an adapter over it replaces this class.
    /// </summary>
    public sealed class IamQueryClient : AmazonServiceClient, IIamApi
    {
        private static readonly IServiceMetadata s_metadata = new IamServiceMetadata();

        private readonly IOperationLog _log;
        private readonly AWSCredentials? _credentials;

        /// <param name="credentials">The credentials to sign with; null resolves the SDK's default chain per call.</param>
        /// <param name="config">Region, endpoint and retry settings.</param>
        /// <param name="log">Receives one line per call, never a secret.</param>
        public IamQueryClient(AWSCredentials? credentials, IamClientConfig config, IOperationLog log)
            : base(credentials, config)
        {
            _log = log ?? throw new ArgumentNullException(nameof(log));
            _credentials = credentials;
        }

        protected override IServiceMetadata ServiceMetadata => s_metadata;

        public async Task<IamInstanceProfile> CreateInstanceProfileAsync(string name, string? path, IReadOnlyList<Tag>? tags, CancellationToken cancellationToken) =>
            (await SendAsync(IamRequests.CreateInstanceProfile(name, path, tags), ReadInstanceProfileResult, cancellationToken).ConfigureAwait(false))!;

        public Task DeleteInstanceProfileAsync(string name, CancellationToken cancellationToken) =>
            SendAsync<object>(IamRequests.DeleteInstanceProfile(name), null, cancellationToken);

        public async Task<IamInstanceProfile> GetInstanceProfileAsync(string name, CancellationToken cancellationToken) =>
            (await SendAsync(IamRequests.GetInstanceProfile(name), ReadInstanceProfileResult, cancellationToken).ConfigureAwait(false))!;

        public async Task<Page<IamInstanceProfile>> ListInstanceProfilesAsync(string? pathPrefix, string? marker, int? maxItems, CancellationToken cancellationToken) =>
            (await SendAsync(IamRequests.ListInstanceProfiles(pathPrefix, marker, maxItems), ReadInstanceProfilePage, cancellationToken).ConfigureAwait(false))!;

        public async Task<Page<IamInstanceProfile>> ListInstanceProfilesForRoleAsync(string roleName, string? marker, int? maxItems, CancellationToken cancellationToken) =>
            (await SendAsync(IamRequests.ListInstanceProfilesForRole(roleName, marker, maxItems), ReadInstanceProfilePage, cancellationToken).ConfigureAwait(false))!;

        public Task AddRoleToInstanceProfileAsync(string instanceProfileName, string roleName, CancellationToken cancellationToken) =>
            SendAsync<object>(IamRequests.AddRoleToInstanceProfile(instanceProfileName, roleName), null, cancellationToken);

        public Task RemoveRoleFromInstanceProfileAsync(string instanceProfileName, string roleName, CancellationToken cancellationToken) =>
            SendAsync<object>(IamRequests.RemoveRoleFromInstanceProfile(instanceProfileName, roleName), null, cancellationToken);

        public Task TagInstanceProfileAsync(string name, IReadOnlyList<Tag> tags, CancellationToken cancellationToken) =>
            SendAsync<object>(IamRequests.TagInstanceProfile(name, tags), null, cancellationToken);

        public Task UntagInstanceProfileAsync(string name, IReadOnlyList<string> tagKeys, CancellationToken cancellationToken) =>
            SendAsync<object>(IamRequests.UntagInstanceProfile(name, tagKeys), null, cancellationToken);

        public async Task<Page<Tag>> ListInstanceProfileTagsAsync(string name, string? marker, int? maxItems, CancellationToken cancellationToken) =>
            (await SendAsync(IamRequests.ListInstanceProfileTags(name, marker, maxItems),
                context => IamXmlReader.ReadPage(context, "Tags", IamXmlReader.ReadTag), cancellationToken).ConfigureAwait(false))!;

        public async Task<IamRole> GetRoleAsync(string roleName, CancellationToken cancellationToken) =>
            (await SendAsync(IamRequests.GetRole(roleName), ReadRoleResult, cancellationToken).ConfigureAwait(false))!;

        public async Task<IamRole> CreateRoleAsync(string roleName, string assumeRolePolicyDocument, string? path, CancellationToken cancellationToken) =>
            (await SendAsync(IamRequests.CreateRole(roleName, assumeRolePolicyDocument, path), ReadRoleResult, cancellationToken).ConfigureAwait(false))!;

        public Task DeleteRoleAsync(string roleName, CancellationToken cancellationToken) =>
            SendAsync<object>(IamRequests.DeleteRole(roleName), null, cancellationToken);

        public async Task<Page<IamRole>> ListRolesAsync(string? pathPrefix, string? marker, int? maxItems, CancellationToken cancellationToken) =>
            (await SendAsync(IamRequests.ListRoles(pathPrefix, marker, maxItems),
                context => IamXmlReader.ReadPage(context, "Roles", IamXmlReader.ReadRole), cancellationToken).ConfigureAwait(false))!;

        /// <summary>Same shape as the generated clients: the SDK's endpoint resolver replaced by IAM's, plus SigV4 auth.</summary>
        protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
        {
            pipeline.RemoveHandler<EndpointResolver>();
            pipeline.AddHandlerAfter<Marshaller>(new IamEndpointResolver());
            pipeline.AddHandlerAfter<Marshaller>(new IamAuthSchemeHandler());
        }

        private static IamInstanceProfile ReadInstanceProfileResult(XmlUnmarshallerContext context) =>
            IamXmlReader.ReadSingle(context, "InstanceProfile", IamXmlReader.ReadInstanceProfile);

        private static IamRole ReadRoleResult(XmlUnmarshallerContext context) =>
            IamXmlReader.ReadSingle(context, "Role", IamXmlReader.ReadRole);

        private static Page<IamInstanceProfile> ReadInstanceProfilePage(XmlUnmarshallerContext context) =>
            IamXmlReader.ReadPage(context, "InstanceProfiles", IamXmlReader.ReadInstanceProfile);

        private async Task<T?> SendAsync<T>(IamQueryRequest request, Func<XmlUnmarshallerContext, T>? readResult, CancellationToken cancellationToken)
        {
            var options = new InvokeOptions
            {
                RequestMarshaller = IamRequestMarshaller.Instance,
                ResponseUnmarshaller = new IamResponseUnmarshaller<T>(request.Action, readResult),
            };
            for (bool refreshed = false; ; refreshed = true)
            {
                try
                {
                    IamQueryResponse<T> response = await InvokeAsync<IamQueryResponse<T>>(request, options, cancellationToken).ConfigureAwait(false);
                    _log.Verbose(AwsCallLog.Success(request.Call, (int)response.HttpStatusCode, response.ResponseMetadata?.RequestId));
                    return response.Result;
                }
                catch (Exception error)
                {
                    Exception mapped = AwsErrorMap.Map(error, request.Call, cancellationToken.IsCancellationRequested);
                    _log.Verbose(AwsCallLog.Failure(request.Call, mapped));
                    if (!refreshed && mapped is AwsServiceException { IsExpiredCredentials: true } && CredentialRefresh.TryRefresh(_credentials))
                    {
                        // The session expired under a long run: fresh credentials, and the request (which was not acted on) again.
                        _log.Verbose($"IAM {request.Action}: the session credentials expired; refreshing them and trying again.");
                        continue;
                    }

                    if (ReferenceEquals(mapped, error))
                    {
                        throw;
                    }

                    throw mapped;
                }
            }
        }
    }
}
