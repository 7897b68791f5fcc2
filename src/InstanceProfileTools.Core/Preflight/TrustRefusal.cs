using System;
using InstanceProfileTools.Core.ErrorMapping;
using InstanceProfileTools.Core.Operations;

namespace InstanceProfileTools.Core.Preflight
{
    /// <summary>The error the cmdlets raise when a role's trust policy keeps EC2 out, with the fix in its message and attached.</summary>
    public static class TrustRefusal
    {
        /// <summary>
        /// A <see cref="ErrorIds.RoleNotAssumableByEc2"/> error for <paramref name="roleName"/> (its target), saying why
        /// (<paramref name="verdict"/>'s reason) and how to fix it: a trust policy that allows EC2, or -SkipTrustCheck.
        /// </summary>
        public static InstanceProfileToolsException For(string roleName, TrustVerdict verdict)
        {
            if (roleName is null) throw new ArgumentNullException(nameof(roleName));
            if (verdict is null) throw new ArgumentNullException(nameof(verdict));
            if (verdict.Outcome == TrustOutcome.Allowed)
            {
                throw new ArgumentException("A trust policy that allows EC2 is no reason to refuse.", nameof(verdict));
            }

            // A Deny overrides any Allow the user adds, so the fix must name it too.
            string removeDeny = verdict.Outcome == TrustOutcome.Denied ? ", and remove the statement that denies it" : string.Empty;
            string advice =
                $"Update the role's trust policy with 'aws iam update-assume-role-policy --role-name {roleName} --policy-document file://trust.json' " +
                $"so that a statement with Effect Allow has Principal.Service {Ec2Trust.ServicePrincipal} and Action sts:AssumeRole{removeDeny}; " +
                "or pass -SkipTrustCheck to go ahead without this check.";

            string opening = verdict.RefusesEc2
                ? $"EC2 cannot assume role '{roleName}'"
                : $"EC2 may not be able to assume role '{roleName}'";
            string message = $"{opening}: {verdict.Reason}. An instance given this role would get no credentials " +
                $"(its instance metadata would report AssumeRoleUnauthorizedAccess). {advice}";

            return RecommendedAction.Attach(
                new InstanceProfileToolsException(ErrorIds.RoleNotAssumableByEc2, FailureKind.InvalidOperation, roleName, message),
                advice);
        }
    }
}
