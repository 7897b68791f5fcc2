using System.Security.Cryptography;

namespace InstanceProfileTools.Sandbox.State
{
    /// <summary>Makes identifiers in AWS's shapes.</summary>
    public static class IdGenerator
    {
        private const string UpperAlphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        private const string LowerHex = "0123456789abcdef";

        /// <summary>An IAM unique id: the 4-letter prefix (AIPA, AROA) and 17 more characters, 21 in all.</summary>
        public static string IamId(string prefix) => prefix + RandomNumberGenerator.GetString(UpperAlphanumeric, 21 - prefix.Length);

        /// <summary>An EC2 id: the prefix (i-, iip-assoc-, r-) and 17 lowercase hex digits.</summary>
        public static string Ec2Id(string prefix) => prefix + RandomNumberGenerator.GetString(LowerHex, 17);

        /// <summary>A request id shaped like AWS's (a GUID).</summary>
        public static string RequestId() => System.Guid.NewGuid().ToString();
    }
}
