namespace InstanceProfileTools.Core.ErrorMapping
{
    /// <summary>What to add when the caller may not pass a role to EC2: the one policy statement that grants it.</summary>
    internal static class PassRoleAdvice
    {
        public static string For(string? roleName)
        {
            string resource = roleName is null ? "the role's ARN" : $"the ARN of role '{roleName}'";
            return "The caller must be allowed iam:PassRole on the role: add to its IAM policy a statement with Effect Allow, " +
                $"Action iam:PassRole, Resource {resource}, and Condition StringEquals iam:PassedToService ec2.amazonaws.com. " +
                "No instance can be given this role until then.";
        }
    }
}
