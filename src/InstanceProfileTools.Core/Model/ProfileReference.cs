namespace InstanceProfileTools.Core.Model
{
    /// <summary>A reference to an instance profile as EC2 takes it: by name or by ARN (exactly one).</summary>
    public sealed record ProfileReference(string? Name, string? Arn)
    {
        public static ProfileReference ByName(string name) => new(name, null);

        public static ProfileReference ByArn(string arn) => new(null, arn);

        public override string ToString() => Arn ?? Name ?? string.Empty;
    }
}
