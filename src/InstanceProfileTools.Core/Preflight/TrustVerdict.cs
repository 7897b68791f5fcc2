namespace InstanceProfileTools.Core.Preflight
{
    /// <summary>
    /// The answer of <see cref="Ec2Trust.Read"/>. <see cref="Reason"/> reads after a role's name, such as
    /// "its trust policy allows only lambda.amazonaws.com to call sts:AssumeRole".
    /// </summary>
    public sealed record TrustVerdict(TrustOutcome Outcome, string Reason)
    {
        /// <summary>Whether the policy certainly keeps EC2 out: nothing allows it, or a Deny names it.</summary>
        public bool RefusesEc2 => Outcome == TrustOutcome.NotAllowed || Outcome == TrustOutcome.Denied;
    }
}
