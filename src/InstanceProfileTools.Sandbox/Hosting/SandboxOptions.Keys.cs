using System;
using System.Collections.Generic;
using System.Linq;

namespace InstanceProfileTools.Sandbox.Hosting
{
    /// <summary>The access keys and the accounts they belong to, beside the options they come from.</summary>
    public sealed partial class SandboxOptions
    {
        /// <summary>The repeatable option that adds an account's key: --account ACCOUNT=ACCESS_KEY:SECRET.</summary>
        public const string AccountOption = "account";

        /// <summary>The environment variable of --account: entries separated by commas.</summary>
        public const string AccountsEnvironment = "SANDBOX_ACCOUNTS";

        /// <summary>Every account a key belongs to, the default one first.</summary>
        public IReadOnlyList<string> AccountIds =>
            new[] { AccountId }.Concat(AccountsByAccessKey.Values.Order(StringComparer.Ordinal)).Distinct(StringComparer.Ordinal).ToList();

        /// <summary>The comma-separated entries of a list option, trimmed; none when absent.</summary>
        private static IReadOnlyList<string> SplitList(string? text) =>
            (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        /// <summary>Reads --access-key/--secret-key, --credentials and the --account entries into the key tables.</summary>
        private void ReadKeys(Func<string, string?> value, IReadOnlyList<string> accountEntries)
        {
            Credentials[value("access-key") ?? "test"] = value("secret-key") ?? "test";
            foreach (string pair in SplitList(value("credentials")))
            {
                string entry = pair;
                int last = entry.LastIndexOf(':');
                if (last > 0 && entry.IndexOf(':') < last && s_accountId.IsMatch(entry.Substring(last + 1)))
                {
                    AccountsByAccessKey[entry.Substring(0, entry.IndexOf(':'))] = entry.Substring(last + 1);
                    entry = entry.Substring(0, last);
                }

                AddKey(entry, "--credentials takes ACCESS_KEY:SECRET_KEY[:ACCOUNT_ID] entries separated by commas.");
            }

            foreach (string entry in accountEntries)
            {
                int equals = entry.IndexOf('=');
                string account = equals < 0 ? "" : entry.Substring(0, equals).Trim();
                if (!s_accountId.IsMatch(account))
                {
                    throw new ArgumentException($"--account takes ACCOUNT_ID=ACCESS_KEY:SECRET_KEY with a 12-digit ACCOUNT_ID, not '{Before(entry, ':')}...'.");
                }

                string key = AddKey(entry.Substring(equals + 1).Trim(), "--account takes ACCOUNT_ID=ACCESS_KEY:SECRET_KEY.");
                AccountsByAccessKey[key] = account;
            }
        }

        /// <summary>Adds ACCESS_KEY:SECRET_KEY (the secret may hold colons); answers the key. <paramref name="usage"/> never echoes a secret.</summary>
        private string AddKey(string entry, string usage)
        {
            int colon = entry.IndexOf(':');
            if (colon <= 0 || colon == entry.Length - 1)
            {
                throw new ArgumentException(usage);
            }

            string key = entry.Substring(0, colon);
            Credentials[key] = entry.Substring(colon + 1);
            return key;
        }

        private static string Before(string text, char separator) =>
            text.IndexOf(separator) is int at && at >= 0 ? text.Substring(0, at) : text;
    }
}
