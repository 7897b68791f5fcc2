using System;
using InstanceProfileTools.Core.Retry;

namespace InstanceProfileTools.Core.Moves
{
    /// <summary>
    /// What a Set-InstanceRole run asks for: the target (a role or a profile, exactly one) and how long to retry
    /// and wait. The same options apply to every instance of the run.
    /// </summary>
    public sealed record RoleChangeOptions
    {
        /// <summary>Five minutes: associations normally settle within seconds; this bounds a stuck one.</summary>
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

        /// <summary>The role the instances should run with; its profile is found or created.</summary>
        public string? RoleName { get; init; }

        /// <summary>The existing profile the instances should run with.</summary>
        public string? InstanceProfileName { get; init; }

        /// <summary>With <see cref="RoleName"/>: fail rather than create a profile when none holds the role.</summary>
        public bool NoCreate { get; init; }

        /// <summary>Move instances even to a role whose trust policy keeps EC2 out (see <see cref="Preflight.TrustCheck"/>).</summary>
        public bool SkipTrustCheck { get; init; }

        /// <summary>Leave a failed change as it is instead of putting the previous profile back.</summary>
        public bool NoRollback { get; init; }

        /// <summary>How long IAM's propagation errors (and throttling) are retried on each call.</summary>
        public TimeSpan PropagationTimeout { get; init; } = PropagationRetry.DefaultTimeout;

        /// <summary>How long to wait for an association to settle or become <c>associated</c>.</summary>
        public TimeSpan Timeout { get; init; } = DefaultTimeout;

        /// <summary>Throws unless exactly one of <see cref="RoleName"/> and <see cref="InstanceProfileName"/> is set.</summary>
        public void CheckTarget()
        {
            if ((RoleName is null) == (InstanceProfileName is null))
            {
                throw new InputValidationException(ErrorIds.InvalidParameter, nameof(RoleName), null,
                    "Give exactly one of -RoleName and -InstanceProfileName.");
            }

            if (PropagationTimeout < TimeSpan.Zero || Timeout < TimeSpan.Zero)
            {
                throw new InputValidationException(ErrorIds.InvalidParameter, nameof(Timeout), null,
                    "-PropagationTimeout and -Timeout must not be negative.");
            }
        }
    }
}
