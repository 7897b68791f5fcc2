namespace InstanceProfileTools.Sandbox.Protocol
{
    /// <summary>The AWS services the sandbox serves.</summary>
    public enum ServiceKind
    {
        /// <summary>IAM, query protocol.</summary>
        Iam,

        /// <summary>EC2, ec2 protocol.</summary>
        Ec2,

        /// <summary>STS, query protocol.</summary>
        Sts,
    }
}
