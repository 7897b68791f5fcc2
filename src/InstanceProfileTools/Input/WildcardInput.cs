using System.Management.Automation;
using InstanceProfileTools.Core;

namespace InstanceProfileTools.Input
{
    /// <summary>
    /// Reads a wildcard parameter. PowerShell parses a pattern only at its first match, so a malformed one (an
    /// unclosed '[') would fail after the list call, as an unclassified terminating error; parsing it here refuses
    /// it as input, before any call, with the rule it broke.
    /// </summary>
    internal static class WildcardInput
    {
        public static WildcardPattern Parse(string pattern, WildcardOptions options, string errorId, string parameterName)
        {
            var wildcard = new WildcardPattern(pattern, options);
            try
            {
                wildcard.IsMatch(string.Empty);
            }
            catch (WildcardPatternException)
            {
                throw new InputValidationException(errorId, parameterName, pattern,
                    $"Wildcard pattern '{pattern}' is invalid: every '[' must be closed by a ']', as in 'web-[ab]*'.");
            }

            return wildcard;
        }
    }
}
