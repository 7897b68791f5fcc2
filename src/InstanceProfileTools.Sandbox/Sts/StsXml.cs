using System.Xml.Linq;
using InstanceProfileTools.Sandbox.Identity;
using InstanceProfileTools.Sandbox.Protocol;

namespace InstanceProfileTools.Sandbox.Sts
{
    /// <summary>STS's answers in the query protocol, namespace https://sts.amazonaws.com/doc/2011-06-15/ (botocore's sts model).</summary>
    public static class StsXml
    {
        /// <summary>STS's XML namespace.</summary>
        public static readonly XNamespace Ns = "https://sts.amazonaws.com/doc/2011-06-15/";

        /// <summary>An element in STS's namespace.</summary>
        public static XElement E(string name, params object?[] content) => new XElement(Ns + name, content);

        /// <summary>GetCallerIdentityResult's members: UserId, Account, Arn.</summary>
        public static XElement[] CallerIdentity(CallerIdentity caller) => new[]
        {
            E("UserId", caller.UserId),
            E("Account", caller.AccountId),
            E("Arn", caller.Arn),
        };

        /// <summary>AssumeRoleResult's AssumedRoleUser and Credentials, as AWS's API reference example orders them.</summary>
        public static XElement[] AssumedRole(RoleSession session) => new[]
        {
            E("AssumedRoleUser", E("AssumedRoleId", session.AssumedRoleId), E("Arn", session.AssumedRoleArn)),
            E(
                "Credentials",
                E("AccessKeyId", session.AccessKeyId),
                E("SecretAccessKey", session.SecretAccessKey),
                E("SessionToken", session.SessionToken),
                E("Expiration", QueryXml.Date(session.Expiration))),
        };
    }
}
