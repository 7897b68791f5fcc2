using System.Linq;
using System.Text.Json;
using InstanceProfileTools.Sandbox.Identity;
using InstanceProfileTools.Sandbox.Protocol;

namespace InstanceProfileTools.Sandbox.Permissions
{
    /// <summary>
    /// AWS's answers to a call the permissions settings refuse, and the decoded message behind EC2's encoded one.
    /// The sandbox refuses as when no identity-based policy allows the action (an implicit deny), the case every
    /// public report shows.
    /// </summary>
    public static class AuthorizationRefusals
    {
        /// <summary>
        /// EC2's refusal to pass a role (Associate, Replace, RunInstances): UnauthorizedOperation, 403, "You are not
        /// authorized to perform this operation. Encoded authorization failure message: ..." (EVIDENCE row 28,
        /// hashicorp/terraform#12898; aws/aws-sdk-go#1536 shows the whole XML).
        /// </summary>
        public static AwsServiceException Ec2PassRole(AuthorizationMessages messages, CallerIdentity caller, string region, string roleName, string roleArn) =>
            new AwsServiceException(
                "UnauthorizedOperation",
                "You are not authorized to perform this operation. Encoded authorization failure message: " + messages.Encode(DecodedPassRole(caller, region, roleName, roleArn)),
                403);

        /// <summary>
        /// IAM's refusal to pass a role (AddRoleToInstanceProfile): AccessDenied, 403, "User: ARN is not authorized to
        /// perform: iam:PassRole on resource: ROLE because no identity-based policy allows the iam:PassRole action"
        /// (EVIDENCE row 28, aws/karpenter-provider-aws#6036).
        /// </summary>
        public static AwsServiceException IamPassRole(CallerIdentity caller, string roleArn) =>
            NotAuthorized(caller, PermissionRules.PassRole, roleArn);

        /// <summary>STS's refusal to decode: AccessDenied, 403, in IAM's words for an action on no resource ("*").</summary>
        public static AwsServiceException Decode(CallerIdentity caller) =>
            NotAuthorized(caller, PermissionRules.DecodeAuthorizationMessage, "*");

        /// <summary>
        /// What DecodeAuthorizationMessage answers for a refused iam:PassRole: allowed, explicitDeny, matchedStatements,
        /// failures and the context (principal, action, resource, conditions), in the shape real answers show
        /// (vmware-archive/terraforming-aws#73, AWS re:Post "ec2-not-auth-launch", aws/aws-sdk-go#1536).
        /// </summary>
        public static string DecodedPassRole(CallerIdentity caller, string region, string roleName, string roleArn)
        {
            string account = roleArn.Split(':')[4];
            string resource = roleArn.Substring(roleArn.IndexOf(':', "arn:aws:iam::".Length) + 1);
            var conditions = new (string Key, string Value)[]
            {
                ("aws:Region", region),
                ("aws:Service", "ec2"),
                ("aws:Resource", resource),
                ("iam:RoleName", roleName),
                ("aws:Account", account),
                ("aws:Type", "role"),
                ("aws:ARN", roleArn),
            };
            object principal = caller.IsRoleSession
                ? new { id = caller.UserId, arn = caller.Arn }
                : new { id = caller.UserId, name = CallerIdentity.UserName, arn = caller.Arn };
            return JsonSerializer.Serialize(new
            {
                allowed = false,
                explicitDeny = false,
                matchedStatements = new { items = new object[0] },
                failures = new { items = new object[0] },
                context = new
                {
                    principal,
                    action = PermissionRules.PassRole,
                    resource = roleArn,
                    conditions = new { items = conditions.Select(c => new { key = c.Key, values = new { items = new[] { new { value = c.Value } } } }) },
                },
            });
        }

        private static AwsServiceException NotAuthorized(CallerIdentity caller, string action, string resource) =>
            new AwsServiceException("AccessDenied", $"User: {caller.Arn} is not authorized to perform: {action} on resource: {resource} because no identity-based policy allows the {action} action", 403);
    }
}
