using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Operations;
using InstanceProfileTools.Core.Validation;

namespace InstanceProfileTools.Core.Journal
{
    /// <summary>
    /// What an undo checks before any change, since a journal is a file anyone may have edited: every line is of the
    /// region the command is connected to, names instance-profile ARNs only, and those of the connected account, as
    /// IAM itself answers them. A mismatch refuses the whole file, naming the line.
    /// </summary>
    public static class JournalTrust
    {
        /// <summary>Checks the entries at <paramref name="lines"/> (those routed to this connection's account and region).</summary>
        public static async Task CheckAsync(IReadOnlyList<JournalEntry> entries, IReadOnlyList<int> lines, string path, OperationContext context, CancellationToken cancellationToken)
        {
            if (entries is null) throw new ArgumentNullException(nameof(entries));
            if (lines is null) throw new ArgumentNullException(nameof(lines));
            if (context is null) throw new ArgumentNullException(nameof(context));
            var named = new Dictionary<string, (string Arn, int Line)>(StringComparer.OrdinalIgnoreCase);
            foreach (int i in lines)
            {
                JournalEntry entry = entries[i];
                if (!string.Equals(entry.Region, context.Region, StringComparison.Ordinal))
                {
                    throw Refuse(path, i, $"it is for region '{entry.Region ?? "(none)"}', and this command is connected to '{context.Region ?? "(none)"}'. Give -Region {entry.Region}");
                }

                foreach (string arn in new[] { entry.PreviousInstanceProfileArn, entry.NewInstanceProfileArn }.OfType<string>())
                {
                    if (!InstanceProfileArn.TryParse(arn, out InstanceProfileArn? parsed))
                    {
                        throw Refuse(path, i, $"'{arn}' is not an instance-profile ARN");
                    }

                    if (entry.Account is not null && entry.Account != parsed!.AccountId)
                    {
                        throw Refuse(path, i, $"it says account {entry.Account} but names {arn}, of account {parsed.AccountId}");
                    }

                    if (named.TryGetValue(parsed!.Name, out var seen) && !string.Equals(seen.Arn, arn, StringComparison.Ordinal))
                    {
                        throw Refuse(path, i, $"it names {arn}, and line {seen.Line + 1} names {seen.Arn}: one name, two profiles");
                    }

                    named[parsed.Name] = (arn, i);
                }
            }

            string? account = null;
            var profiles = new ProfileOperations(context);
            foreach (KeyValuePair<string, (string Arn, int Line)> profile in named)
            {
                IamInstanceProfile found;
                try
                {
                    found = await profiles.GetAsync(profile.Key, cancellationToken).ConfigureAwait(false);
                }
                catch (AwsServiceException missing) when (missing.ErrorId == ErrorIds.InstanceProfileNotFound)
                {
                    continue; // Deleted since: its instances fail alone if it is needed.
                }

                if (!string.Equals(found.Arn, profile.Value.Arn, StringComparison.Ordinal))
                {
                    throw Refuse(path, profile.Value.Line, $"it names {profile.Value.Arn}, but the connected account's profile '{profile.Key}' is {found.Arn}");
                }

                account ??= InstanceProfileArn.Parse(found.Arn).AccountId;
            }

            if (named.Count > 0 && account is null)
            {
                throw Refuse(path, named.First().Value.Line, "none of the profiles it names exists in the connected account, so the account cannot be confirmed");
            }

            foreach (int i in lines)
            {
                if (entries[i].Account is { } lineAccount && lineAccount != account)
                {
                    throw Refuse(path, i, $"it is for account {lineAccount}, and this command is connected to account {account}");
                }
            }
        }

        internal static InputValidationException Refuse(string path, int index, string why) =>
            new(ErrorIds.JournalNotTrusted, "JournalPath", path,
                $"Line {index + 1} of the journal '{path}' does not match this connection: {why}. Nothing was undone; undo each journal with the connection that wrote it.");
    }
}
