using System;
using System.Text.RegularExpressions;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.RoleChange;

namespace InstanceProfileTools.Core.Journal
{
    /// <summary>The journal line for a role change's result.</summary>
    public static class JournalEntries
    {
        private static readonly Regex s_account = new(@"^arn:[^:]+:iam::(\d{12}):", RegexOptions.CultureInvariant);

        public static JournalEntry From(RoleChangeResult result, string command, string? region, DateTimeOffset time, int? wave = null)
        {
            if (result is null) throw new ArgumentNullException(nameof(result));
            bool onTarget = result.Succeeded || (result.Changed && !result.RolledBack);
            string? newArn = onTarget ? result.Target?.Arn : result.PreviousInstanceProfileArn;
            return new JournalEntry
            {
                Time = time,
                Command = command,
                Account = AccountOf(newArn ?? result.PreviousInstanceProfileArn),
                Region = region,
                InstanceId = result.InstanceId,
                PreviousAssociationId = result.PreviousAssociationId,
                PreviousInstanceProfileArn = result.PreviousInstanceProfileArn,
                PreviousRoleName = result.PreviousRoleName,
                NewAssociationId = result.Succeeded || result.Changed ? result.AssociationId : result.PreviousAssociationId,
                NewInstanceProfileArn = newArn,
                NewRoleName = onTarget ? result.Target?.RoleName : result.PreviousRoleName,
                Method = result.Method.ToString(),
                Outcome = Outcome(result),
                Wave = wave,
                ErrorId = result.Error?.ErrorId,
            };
        }

        /// <summary>
        /// The line for a single association change (Register-, Unregister-InstanceProfile,
        /// Set-InstanceProfileAssociation): <paramref name="before"/> and <paramref name="after"/>, either null for none.
        /// </summary>
        public static JournalEntry ForAssociation(string command, string? region, DateTimeOffset time, string instanceId, ProfileAssociation? before, ProfileAssociation? after, RoleChangeMethod method) =>
            new()
            {
                Time = time,
                Command = command,
                Account = AccountOf(after?.InstanceProfileArn ?? before?.InstanceProfileArn),
                Region = region,
                InstanceId = instanceId,
                PreviousAssociationId = before?.AssociationId,
                PreviousInstanceProfileArn = before?.InstanceProfileArn,
                NewAssociationId = after?.AssociationId,
                NewInstanceProfileArn = after?.InstanceProfileArn,
                Method = method.ToString(),
                Outcome = JournalOutcomes.Changed,
            };

        /// <summary>The 12-digit account in an IAM ARN, or null.</summary>
        public static string? AccountOf(string? arn)
        {
            Match match = arn is null ? Match.Empty : s_account.Match(arn);
            return match.Success ? match.Groups[1].Value : null;
        }

        private static string Outcome(RoleChangeResult result)
        {
            if (result.RolledBack) return JournalOutcomes.RolledBack;
            if (!result.Succeeded) return JournalOutcomes.Failed;
            return result.Changed ? JournalOutcomes.Changed : JournalOutcomes.Unchanged;
        }
    }
}
