namespace InstanceProfileTools.Core.Credentials
{
    /// <summary>Credentials asked for their keys once, up front, for objects that cannot be asked later.</summary>
    public static class CredentialSnapshot
    {
        /// <summary>
        /// The keys of a credentials object with a public <c>GetCredentials()</c>, asked now; null when it has no such
        /// method (Core then refuses it as <see cref="ErrorIds.InvalidCredential"/>). A PowerShell class must be asked
        /// on the pipeline thread: its methods run in the runspace that defined it, which is busy running the cmdlet.
        /// </summary>
        public static AccessKeyCredential? TryTake(object source) =>
            ForeignCredentialKeys.GetCredentialsMethod(source.GetType()) is { } getCredentials
                ? ForeignCredentialKeys.Read(source, getCredentials)
                : null;
    }
}
