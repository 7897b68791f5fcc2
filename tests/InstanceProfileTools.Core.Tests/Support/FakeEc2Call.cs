namespace InstanceProfileTools.Core.Tests.Support
{
    /// <summary>
    /// One call to <see cref="FakeEc2"/>, as a fault rule sees it: the action ("Associate", "Replace",
    /// "Disassociate", "Describe", "DescribeInstances"), what it is about (an association id, an instance id, or the
    /// instance ids read, comma-separated) and the profile ARN it names, if any.
    /// </summary>
    public sealed record FakeEc2Call(string Action, string Subject, string? ProfileArn);
}
