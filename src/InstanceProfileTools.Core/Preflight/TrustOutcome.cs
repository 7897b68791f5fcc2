namespace InstanceProfileTools.Core.Preflight
{
    /// <summary>What a role's trust policy says about EC2 assuming the role.</summary>
    public enum TrustOutcome
    {
        /// <summary>A statement allows ec2.amazonaws.com sts:AssumeRole, and no statement denies it.</summary>
        Allowed,

        /// <summary>
        /// The answer depends on a Condition (aws:SourceAccount, say) that only IAM can evaluate, at the call: a warning,
        /// not a refusal.
        /// </summary>
        Conditional,

        /// <summary>No statement allows EC2 sts:AssumeRole (IAM's default is to deny).</summary>
        NotAllowed,

        /// <summary>A statement explicitly denies EC2 sts:AssumeRole, which overrides any Allow.</summary>
        Denied,

        /// <summary>The document is empty, not JSON, or not shaped like a policy; the caller decides what to do.</summary>
        Unreadable,
    }
}
