using System;
using System.Reflection;
using Amazon.Runtime;

namespace InstanceProfileTools.Core.Credentials
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

        private ForeignCredentials(object source, MethodInfo getCredentials)
        {
            _source = source;
            _getCredentials = getCredentials;
        }

        /// <summary>
        /// Adapts <paramref name="source"/> when it has a public <c>GetCredentials()</c> whose result has string
        /// <c>AccessKey</c> and <c>SecretKey</c> properties (and optionally <c>Token</c>); null otherwise.
        /// </summary>
        public static ForeignCredentials? TryCreate(object source)
        {
            MethodInfo? method = ForeignCredentialKeys.GetCredentialsMethod(source.GetType());
            return method is not null && HasString(method.ReturnType, "AccessKey") && HasString(method.ReturnType, "SecretKey")
                ? new ForeignCredentials(source, method)
                : null;
        }

        public override ImmutableCredentials GetCredentials()
        {
            AccessKeyCredential keys = ForeignCredentialKeys.Read(_source, _getCredentials);
            return new ImmutableCredentials(keys.AccessKeyId, keys.SecretAccessKey, keys.SessionToken);
        }

        public override string ToString() => $"ForeignCredentials {{ Type = {_source.GetType().FullName} }}";

        private static bool HasString(Type type, string name)
        {
            PropertyInfo? property = type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance);
            return property?.PropertyType == typeof(string) && property.GetIndexParameters().Length == 0;
        }
    }
}
