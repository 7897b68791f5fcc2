using System.Text.RegularExpressions;

namespace InstanceProfileTools.Core.Validation
{
    /// <summary>
    /// The parts of an instance profile ARN,
    /// <c>arn:&lt;partition&gt;:iam::&lt;account&gt;:instance-profile&lt;path&gt;&lt;name&gt;</c>.
    /// </summary>
    public sealed record InstanceProfileArn(string Partition, string AccountId, string Path, string Name)
    {
        /// <summary>Parses an ARN whose path and name satisfy IAM's rules; false otherwise.</summary>
        public static bool TryParse(string? value, out InstanceProfileArn? arn)
        {
            arn = null;
            if (value is null)
            {
                return false;
            }

            Match match = Constraints.InstanceProfileArn.Match(value);
            if (!match.Success)
            {
                return false;
            }

            string path = match.Groups["path"].Value;
            string name = match.Groups["name"].Value;
            if (path.Length > Constraints.PathMaxLength || !Constraints.Path.IsMatch(path)
                || name.Length > Constraints.InstanceProfileNameMaxLength || !Constraints.Name.IsMatch(name))
            {
                return false;
            }

            arn = new InstanceProfileArn(match.Groups["partition"].Value, match.Groups["account"].Value, path, name);
            return true;
        }

        /// <summary>Parses an ARN, throwing <see cref="InputValidationException"/> when it is not one.</summary>
        public static InstanceProfileArn Parse(string? value, string parameterName = "InstanceProfileArn") =>
            Validate.InstanceProfileArn(value, parameterName);

        public override string ToString() => $"arn:{Partition}:iam::{AccountId}:instance-profile{Path}{Name}";
    }
}
