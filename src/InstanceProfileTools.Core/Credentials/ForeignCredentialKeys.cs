using System;
using System.Reflection;

namespace InstanceProfileTools.Core.Credentials
{
    /// <summary>
    /// The one reflection over a foreign credentials object (an <c>AWSCredentials</c> of another AWSSDK.Core, or a
    /// PowerShell class shaped like one): a public <c>GetCredentials()</c> whose result has string <c>AccessKey</c>
    /// and <c>SecretKey</c> properties, optionally <c>Token</c>.
    /// </summary>
    internal static class ForeignCredentialKeys
    {
        /// <summary>The object's public <c>GetCredentials()</c>, or null when it has none that answers something.</summary>
        public static MethodInfo? GetCredentialsMethod(Type type)
        {
            MethodInfo? method = type.GetMethod("GetCredentials", BindingFlags.Public | BindingFlags.Instance, null, Type.EmptyTypes, null);
            return method is null || method.ReturnType == typeof(void) ? null : method;
        }

        /// <summary>
        /// Asks <paramref name="source"/> for its keys; <see cref="ErrorIds.NoCredentials"/>, with the object's own
        /// reason, when it fails or answers no keys.
        /// </summary>
        public static AccessKeyCredential Read(object source, MethodInfo getCredentials)
        {
            string typeName = source.GetType().FullName ?? source.GetType().Name;
            object? keys;
            try
            {
                keys = getCredentials.Invoke(source, null);
            }
            catch (TargetInvocationException error) when (error.InnerException != null)
            {
                // Reflection's wrapper says nothing; the object's own failure (a sealed vault, say) is what helps.
                throw new InstanceProfileToolsException(ErrorIds.NoCredentials, FailureKind.AuthenticationError, typeName,
                    $"The -Credential object ({typeName}) could not produce credentials: {error.InnerException.Message}",
                    error.InnerException);
            }

            string? accessKey = Text(keys, "AccessKey");
            string? secretKey = Text(keys, "SecretKey");
            if (string.IsNullOrEmpty(accessKey) || string.IsNullOrEmpty(secretKey))
            {
                throw new InstanceProfileToolsException(ErrorIds.NoCredentials, FailureKind.AuthenticationError, typeName,
                    $"The -Credential object ({typeName}) returned no access key or secret key.");
            }

            return new AccessKeyCredential(accessKey!, secretKey!, Text(keys, "Token"));
        }

        // Read from the answer's own type: a PowerShell class declares GetCredentials() as answering [object].
        private static string? Text(object? keys, string property) =>
            keys?.GetType().GetProperty(property, BindingFlags.Public | BindingFlags.Instance)?.GetValue(keys) as string;
    }
}
