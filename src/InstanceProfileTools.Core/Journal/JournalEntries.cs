using System;
using System.Text.RegularExpressions;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Moves;

namespace InstanceProfileTools.Core.Journal
{
    /// <summary>The journal lines: the intent before a mutating call, and the outcome where the instance really is.</summary>
    public static class JournalEntries
    {
        private static readonly Regex s_account = new(@"^arn:[^:]+:iam::(\d{12}):", RegexOptions.CultureInvariant);

        /// <summary>The line written before a mutating call: what the instance has, and where the call is to take it.</summary>
        public static JournalEntry Intent(
            string command, string? region, DateTimeOffset time, string instanceId, ProfileAssociation? current, string? currentRole,
            string? toArn, string? toRole, RoleChangeMethod method, int? wave = null) =>
            new()
            {
                Time = time,
                Command = command,
                Account = AccountOf(toArn ?? current?.InstanceProfileArn),
                Region = region,
                InstanceId = instanceId,
                PreviousAssociationId = current?.AssociationId,
                PreviousInstanceProfileArn = current?.InstanceProfileArn,
                PreviousRoleName = currentRole,
                NewInstanceProfileArn = toArn,
                NewRoleName = toRole,
                Method = method.ToString(),
                Outcome = JournalOutcomes.Intent,
                Wave = wave,
            };

        /// <summary>The line for a role change's result: the instance's association and profile as last read.</summary>
        public static JournalEntry From(RoleChangeResult result, string command, string? region, DateTimeOffset time, int? wave = null)
        {
            if (result is null) throw new ArgumentNullException(nameof(result));
            return new JournalEntry
            {
                Time = time,
                Command = command,
                Account = AccountOf(result.InstanceProfileArn ?? result.PreviousInstanceProfileArn ?? result.Target?.Arn),
                Region = region,
                InstanceId = result.InstanceId,
                PreviousAssociationId = result.PreviousAssociationId,
                PreviousInstanceProfileArn = result.PreviousInstanceProfileArn,
                PreviousRoleName = result.PreviousRoleName,
                NewAssociationId = result.AssociationId,
                NewInstanceProfileArn = result.InstanceProfileArn,
                NewRoleName = result.RoleName,
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

        /// <summary>The line for a launch template's default version: from <paramref name="previousVersion"/> to <paramref name="newVersion"/>.</summary>
        public static JournalEntry ForLaunchTemplate(
            string command, string? region, DateTimeOffset time, string launchTemplateId, long previousVersion, long? newVersion, string? toArn, string outcome) =>
            new()
            {
                Time = time,
                Command = command,
                Account = AccountOf(toArn),
                Region = region,
                LaunchTemplateId = launchTemplateId,
                PreviousVersion = previousVersion,
                NewVersion = newVersion,
                NewInstanceProfileArn = toArn,
                Method = "SetDefaultVersion",
                Outcome = outcome,
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
