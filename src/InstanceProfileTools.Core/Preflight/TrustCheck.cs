using System;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Operations;
using InstanceProfileTools.Core.Retry;

namespace InstanceProfileTools.Core.Preflight
{
    /// <summary>
    /// Reads a role before any change and refuses one whose trust policy keeps EC2 out: IAM and EC2 accept such a role
    /// in a profile and on an instance without a word, and the instance then gets no credentials (EVIDENCE.md row 27).
    /// A verdict the reader cannot be sure of (conditions, an unreadable document) is a warning, not a refusal.
    /// </summary>
    public static class TrustCheck
    {
        /// <summary>Throws <see cref="ErrorIds.RoleNotAssumableByEc2"/> when EC2 may not assume <paramref name="roleName"/>.</summary>
        public static async Task RequireAsync(OperationContext context, string roleName, TimeSpan timeout, CancellationToken cancellationToken)
        {
            TrustVerdict verdict = await ReadAsync(context, roleName, timeout, cancellationToken).ConfigureAwait(false);
            if (verdict.RefusesEc2)
            {
                throw TrustRefusal.For(roleName, verdict);
            }

            if (verdict.Outcome != TrustOutcome.Allowed)
            {
                context.Log.Warning(TrustRefusal.For(roleName, verdict).Message);
            }
        }

        /// <summary>Reads the role (GetRole) and answers what its trust policy says of EC2.</summary>
        public static async Task<TrustVerdict> ReadAsync(OperationContext context, string roleName, TimeSpan timeout, CancellationToken cancellationToken)
        {
            if (context is null) throw new ArgumentNullException(nameof(context));

            // Reads retry only throttling: an unknown role fails now, as every other read of the role does.
            IamRole role = (await context.NewPropagationRetry().RunAsync(
                $"GetRole {roleName}", token => context.Iam.GetRoleAsync(roleName, token), timeout, cancellationToken, TransientErrors.IsTransient).ConfigureAwait(false)).Value;
            return Ec2Trust.Read(role.AssumeRolePolicyDocument);
        }
    }
}
