using System.Text.RegularExpressions;

namespace InstanceProfileTools.Sandbox.Protocol
{
    /// <summary>
    /// AWS's wildcard patterns: '*' any run of characters, '?' any one, everything else literal. EC2 filter values
    /// take them ("You can use wildcards with the filter values"), as do IAM policy actions and StringLike.
    /// </summary>
    public static class Wildcard
    {
        /// <summary>Whether <paramref name="value"/> matches <paramref name="pattern"/> whole.</summary>
        public static bool Matches(string pattern, string value, bool ignoreCase = false)
        {
            string regex = "^" + Regex.Escape(pattern).Replace("\\*", ".*").Replace("\\?", ".") + "\\z";
            RegexOptions options = RegexOptions.CultureInvariant | RegexOptions.Singleline | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
            return Regex.IsMatch(value, regex, options);
        }
    }
}
