using System;
using System.Reflection;
using Amazon.Runtime;

namespace InstanceProfileTools.Core.Aws
{
    /// <summary>
    /// Adapts an <c>AWSCredentials</c> from another copy of AWSSDK.Core (AWS.Tools loads its own into the session),
    /// whose type is not ours although its name is. It is asked for its keys on every signing, by its public
    /// <c>GetCredentials()</c>, so that refreshing credentials (session, SSO, role) keep refreshing.
    /// </summary>
    internal sealed class ForeignCredentials : AWSCredentials
    {
        private readonly object _source;
        private readonly MethodInfo _getCredentials;
        private readonly PropertyInfo _accessKey;
        private readonly PropertyInfo _secretKey;
        private readonly PropertyInfo? _token;

        private ForeignCredentials(object source, MethodInfo getCredentials, PropertyInfo accessKey, PropertyInfo secretKey, PropertyInfo? token)
        {
            _source = source;
            _getCredentials = getCredentials;
            _accessKey = accessKey;
            _secretKey = secretKey;
            _token = token;
        }

        /// <summary>
        /// Adapts <paramref name="source"/> when it has a public <c>GetCredentials()</c> whose result has string
        /// <c>AccessKey</c> and <c>SecretKey</c> properties (and optionally <c>Token</c>); null otherwise.
        /// </summary>
        public static ForeignCredentials? TryCreate(object source)
        {
            MethodInfo? method = source.GetType().GetMethod("GetCredentials", BindingFlags.Public | BindingFlags.Instance, null, Type.EmptyTypes, null);
            if (method is null || method.ReturnType == typeof(void))
            {
                return null;
            }

            PropertyInfo? accessKey = StringProperty(method.ReturnType, "AccessKey");
            PropertyInfo? secretKey = StringProperty(method.ReturnType, "SecretKey");
            if (accessKey is null || secretKey is null)
            {
                return null;
            }

            return new ForeignCredentials(source, method, accessKey, secretKey, StringProperty(method.ReturnType, "Token"));
        }

        public override ImmutableCredentials GetCredentials()
        {
            object? keys;
            try
            {
                keys = _getCredentials.Invoke(_source, null);
            }
            catch (TargetInvocationException error) when (error.InnerException != null)
            {
                throw new InstanceProfileToolsException(ErrorIds.NoCredentials, FailureKind.AuthenticationError, null,
                    $"The -Credential object ({_source.GetType().FullName}) could not produce credentials: {error.InnerException.Message}",
                    error.InnerException);
            }

            string? accessKey = keys is null ? null : (string?)_accessKey.GetValue(keys);
            string? secretKey = keys is null ? null : (string?)_secretKey.GetValue(keys);
            if (string.IsNullOrEmpty(accessKey) || string.IsNullOrEmpty(secretKey))
            {
                throw new InstanceProfileToolsException(ErrorIds.NoCredentials, FailureKind.AuthenticationError, null,
                    $"The -Credential object ({_source.GetType().FullName}) returned no access key or secret key.");
            }

            string? token = keys is null || _token is null ? null : (string?)_token.GetValue(keys);
            return new ImmutableCredentials(accessKey, secretKey, token);
        }

        public override string ToString() => $"ForeignCredentials {{ Type = {_source.GetType().FullName} }}";

        private static PropertyInfo? StringProperty(Type type, string name)
        {
            PropertyInfo? property = type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance);
            return property?.PropertyType == typeof(string) && property.GetIndexParameters().Length == 0 ? property : null;
        }
    }
}
