using System.Linq;
using System.Security.Cryptography;
using System.Text;

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

        /// <summary>
        /// An id that is the same for the same <paramref name="seed"/>: the prefix and <paramref name="length"/> upper-case
        /// alphanumerics from the seed's hash (never a secret: the seed is not one either).
        /// </summary>
        public static string Derived(string prefix, string seed, int length) =>
            prefix + new string(SHA256.HashData(Encoding.UTF8.GetBytes(seed)).Take(length).Select(b => UpperAlphanumeric[b % UpperAlphanumeric.Length]).ToArray());

        /// <summary>A request id shaped like AWS's (a GUID).</summary>
        public static string RequestId() => System.Guid.NewGuid().ToString();
    }
}
