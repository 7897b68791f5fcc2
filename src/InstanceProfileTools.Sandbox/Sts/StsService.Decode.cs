using System.Collections.Generic;
using System.Xml.Linq;
using InstanceProfileTools.Sandbox.Iam;
using InstanceProfileTools.Sandbox.Identity;
using InstanceProfileTools.Sandbox.Permissions;
using InstanceProfileTools.Sandbox.Protocol;

namespace InstanceProfileTools.Sandbox.Sts
{
    /// <summary>DecodeAuthorizationMessage: the details behind EC2's encoded authorization failure message.</summary>
    public sealed partial class StsService
    {
        /// <summary>
        /// Answers DecodedMessage, the JSON sealed in a message this sandbox encoded (botocore's sts model: EncodedMessage
        /// required, 1 to 10240 characters). The caller's account may be refused sts:DecodeAuthorizationMessage by the
        /// permissions settings (AccessDenied, 403, checked first, as IAM authorizes before it reads the request); a
        /// message this sandbox did not make, or one changed, is InvalidAuthorizationMessageException, 400 (the model's
        /// code and status; the wording is the sandbox's, no real message was found).
        /// </summary>
        private IEnumerable<XElement> DecodeAuthorizationMessage(AwsRequest request, CallerIdentity caller)
        {
            var validator = new IamValidator();
            string encoded = validator.Required(request.Get("EncodedMessage"), "encodedMessage");
            validator.Length(encoded, "encodedMessage", 1, 10240);
            validator.ThrowIfInvalid();
            if (PermissionRules.DeniesDecode(_store.Settings.Permissions, caller.AccountId))
            {
                throw AuthorizationRefusals.Decode(caller);
            }

            string decoded = _store.AuthorizationMessages.Decode(encoded)
                ?? throw new AwsServiceException("InvalidAuthorizationMessageException", "The encoded authorization message is not valid.", 400);
            yield return StsXml.E("DecodedMessage", decoded);
        }
    }
}
