using System;
using System.Management.Automation;
using System.Reflection;
using InstanceProfileTools.Core;

namespace InstanceProfileTools.Infrastructure
{
    /// <summary>
    /// Turns -Credential into what Core takes: a PSCredential becomes an access key and secret; anything else
    /// (an AWSCredentials from any loaded AWS SDK) passes through for Core to adapt, since its type may live in
    /// another load context than ours.
    /// </summary>
    internal static class CredentialAdapter
    {
        public static object? ToCore(object? credential)
        {
            object? value = credential is PSObject wrapped ? wrapped.BaseObject : credential;
            if (value is PSCredential psCredential)
            {
                return new AccessKeyCredential(psCredential.UserName, psCredential.GetNetworkCredential().Password);
            }

            // A PowerShell class runs its methods in the runspace that defined it, and that runspace is busy
            // running this cmdlet: asked from Core's worker thread it would wait forever. Ask it once, here, on the
            // pipeline thread. (Compiled credential types, such as AWS.Tools', are asked on every signing.)
            if (value is not null && value.GetType().Assembly.IsDynamic)
            {
                return Snapshot(value) ?? value;
            }

            return value;
        }

        private static AccessKeyCredential? Snapshot(object source)
        {
            MethodInfo? getCredentials = source.GetType().GetMethod("GetCredentials", Type.EmptyTypes);
            object? keys;
            try
            {
                keys = getCredentials?.Invoke(source, null);
            }
            catch (TargetInvocationException error) when (error.InnerException != null)
            {
                // Reflection's wrapper says nothing; the class's own failure (a sealed vault, say) is what helps.
                throw new InstanceProfileToolsException(ErrorIds.NoCredentials, FailureKind.AuthenticationError, source.GetType().FullName,
                    $"The -Credential object ({source.GetType().FullName}) could not produce credentials: {error.InnerException.Message}",
                    error.InnerException);
            }

            if (keys is null)
            {
                return null;
            }

            string? accessKey = Read(keys, "AccessKey");
            string? secretKey = Read(keys, "SecretKey");
            return string.IsNullOrEmpty(accessKey) || string.IsNullOrEmpty(secretKey)
                ? null
                : new AccessKeyCredential(accessKey!, secretKey!, Read(keys, "Token"));
        }

        private static string? Read(object keys, string property) =>
            keys.GetType().GetProperty(property)?.GetValue(keys) as string;
    }
}
