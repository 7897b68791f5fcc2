using System;

namespace ForeignSdk
{
    /// <summary>
    /// Stands for AWS.Tools' AWSCredentials: same type name, another assembly, not related to ours. It refreshes:
    /// each call answers new keys.
    /// </summary>
    public sealed class AWSCredentials
    {
        public int Calls { get; private set; }

        public bool Fail { get; init; }

        public ImmutableCredentials GetCredentials()
        {
            if (Fail)
            {
                throw new InvalidOperationException("SSO session expired");
            }

            Calls++;
            return new ImmutableCredentials("ASIAFOREIGN" + Calls, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "token-" + Calls);
        }

        public override string ToString() => "ForeignSdk.AWSCredentials";
    }

    /// <summary>Stands for a PowerShell class: GetCredentials() declared as answering [object].</summary>
    public sealed class LooselyTypedCredentials
    {
        private readonly string _accessKey;
        private readonly string _secretKey;

        public LooselyTypedCredentials(string accessKey, string secretKey)
        {
            _accessKey = accessKey;
            _secretKey = secretKey;
        }

        public object GetCredentials() => new { AccessKey = _accessKey, SecretKey = _secretKey };
    }

    public sealed class ImmutableCredentials
    {
        public ImmutableCredentials(string accessKey, string secretKey, string token)
        {
            AccessKey = accessKey;
            SecretKey = secretKey;
            Token = token;
        }

        public string AccessKey { get; }

        public string SecretKey { get; }

        public string Token { get; }
    }
}
