namespace InstanceProfileTools.Core.Preflight
{
    /// <summary>
    /// IAM's matching of an Action against a pattern: '*' any run of characters, '?' any one character, without case
    /// ("sts:assumerole" and "STS:Assume*" both name sts:AssumeRole).
    /// </summary>
    internal static class PolicyWildcard
    {
        /// <summary>Whether <paramref name="value"/> matches <paramref name="pattern"/> whole.</summary>
        public static bool Matches(string pattern, string value)
        {
            int p = 0, v = 0;

            // Where the last '*' was seen, and where in the value it would take one more character on a mismatch.
            int star = -1, resume = 0;
            while (v < value.Length)
            {
                if (p < pattern.Length && pattern[p] == '*')
                {
                    star = p++;
                    resume = v;
                }
                else if (p < pattern.Length && (pattern[p] == '?' || SameLetter(pattern[p], value[v])))
                {
                    p++;
                    v++;
                }
                else if (star >= 0)
                {
                    p = star + 1;
                    v = ++resume;
                }
                else
                {
                    return false;
                }
            }

            while (p < pattern.Length && pattern[p] == '*')
            {
                p++;
            }

            return p == pattern.Length;
        }

        private static bool SameLetter(char a, char b) => char.ToUpperInvariant(a) == char.ToUpperInvariant(b);
    }
}
