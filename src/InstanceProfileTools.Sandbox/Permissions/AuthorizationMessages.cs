using System;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace InstanceProfileTools.Sandbox.Permissions
{
    /// <summary>
    /// Encodes the details of an authorization failure as EC2 hands them out, opaque to the caller, and decodes them
    /// again for STS DecodeAuthorizationMessage. A message is the decoded JSON sealed with AES-GCM under a key this
    /// sandbox process drew at start, in base64url as AWS's messages are written (hashicorp/terraform#12898,
    /// aws/aws-sdk-go#1536: letters, digits, '-' and '_'): no one else can read it, and a message changed by one
    /// character, or made by another sandbox, does not decode. Thread-safe.
    /// </summary>
    public sealed class AuthorizationMessages
    {
        private const int NonceBytes = 12;
        private const int TagBytes = 16;

        private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

        /// <summary>The opaque form of <paramref name="decoded"/>.</summary>
        public string Encode(string decoded)
        {
            byte[] plain = Encoding.UTF8.GetBytes(decoded);
            byte[] sealedMessage = new byte[NonceBytes + plain.Length + TagBytes];
            Span<byte> nonce = sealedMessage.AsSpan(0, NonceBytes);
            RandomNumberGenerator.Fill(nonce);
            using (var aes = new AesGcm(_key, TagBytes))
            {
                aes.Encrypt(nonce, plain, sealedMessage.AsSpan(NonceBytes, plain.Length), sealedMessage.AsSpan(NonceBytes + plain.Length));
            }

            return Base64Url.EncodeToString(sealedMessage);
        }

        /// <summary>The decoded message; null when <paramref name="encoded"/> is not one this sandbox made, unchanged.</summary>
        public string? Decode(string encoded)
        {
            byte[] sealedMessage;
            try
            {
                sealedMessage = Base64Url.DecodeFromChars(encoded.AsSpan());
            }
            catch (FormatException)
            {
                return null;
            }

            if (sealedMessage.Length < NonceBytes + TagBytes)
            {
                return null;
            }

            int length = sealedMessage.Length - NonceBytes - TagBytes;
            byte[] plain = new byte[length];
            try
            {
                using var aes = new AesGcm(_key, TagBytes);
                aes.Decrypt(sealedMessage.AsSpan(0, NonceBytes), sealedMessage.AsSpan(NonceBytes, length), sealedMessage.AsSpan(NonceBytes + length), plain);
            }
            catch (AuthenticationTagMismatchException)
            {
                return null;
            }

            return Encoding.UTF8.GetString(plain);
        }
    }
}
