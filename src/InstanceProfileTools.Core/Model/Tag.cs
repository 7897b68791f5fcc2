namespace InstanceProfileTools.Core.Model
{
    /// <summary>An IAM tag, as IAM's Tag shape: a key and a (possibly empty) value.</summary>
    public sealed record Tag(string Key, string Value);
}
