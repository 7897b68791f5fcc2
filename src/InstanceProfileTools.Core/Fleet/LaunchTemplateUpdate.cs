using System;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.Journal;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Moves;
using InstanceProfileTools.Core.Ports;
using InstanceProfileTools.Core.Retry;

namespace InstanceProfileTools.Core.Fleet
{
    /// <summary>
    /// Makes a launch template launch with the run's profile, so that the fleet does not scale back to the old role:
    /// a new version that is the default with only the instance profile changed, then made the default; and the
    /// reverse for an undo. Each call is journaled before it is made. Templates are immutable (EVIDENCE row 29):
    /// nothing launched before changes, and the old default stays to go back to.
    /// </summary>
    public sealed class LaunchTemplateUpdate
    {
        private readonly IEc2Api _ec2;
        private readonly RunJournal _journal;

        public LaunchTemplateUpdate(IEc2Api ec2, RunJournal journal)
        {
            _ec2 = ec2 ?? throw new ArgumentNullException(nameof(ec2));
            _journal = journal ?? throw new ArgumentNullException(nameof(journal));
        }

        /// <summary>Answers the new default version, which launches with <paramref name="target"/>.</summary>
        public async Task<LaunchTemplateVersion> ToAsync(LaunchTemplateVersion current, TargetProfile target, CancellationToken cancellationToken)
        {
            if (current is null) throw new ArgumentNullException(nameof(current));
            if (target is null) throw new ArgumentNullException(nameof(target));
            _journal.LaunchTemplate(current.LaunchTemplateId, current.VersionNumber, null, target.Arn, JournalOutcomes.Intent);

            // The token is the change's own (template, source version, profile): a resend after a lost reply, or a
            // second run after a crash, answers the version already made instead of making another.
            string token = ClientToken(current, target.Arn);
            string description = $"Instance profile {target.Name}, from version {current.VersionNumber} (Set-InstanceRole)";
            Task<LaunchTemplateVersion> Create() =>
                _ec2.CreateLaunchTemplateVersionAsync(current.LaunchTemplateId, current.VersionNumber, target.Arn, description, token, cancellationToken);
            LaunchTemplateVersion created;
            try
            {
                created = await Create().ConfigureAwait(false);
            }
            catch (AwsServiceException lost) when (TransientErrors.MayHaveBeenLost(lost))
            {
                created = await Create().ConfigureAwait(false);
            }

            await SetDefaultAsync(current.LaunchTemplateId, created.VersionNumber, cancellationToken).ConfigureAwait(false);
            _journal.LaunchTemplate(current.LaunchTemplateId, current.VersionNumber, created.VersionNumber, target.Arn, JournalOutcomes.Changed);
            return created with { IsDefault = true };
        }

        /// <summary>
        /// Puts <paramref name="previousVersion"/> back as the default when the default is still the one the journal
        /// made (or, with <paramref name="evenIfChangedSince"/>, whatever it is). Answers false when nothing was needed.
        /// </summary>
        public async Task<bool> BackAsync(string launchTemplateId, long previousVersion, long? madeVersion, string? madeProfileArn, bool evenIfChangedSince, CancellationToken cancellationToken)
        {
            LaunchTemplateVersion current = await _ec2.DescribeDefaultLaunchTemplateVersionAsync(launchTemplateId, cancellationToken).ConfigureAwait(false);
            if (current.VersionNumber == previousVersion)
            {
                return false;
            }

            bool ours = madeVersion is long made ? current.VersionNumber == made : string.Equals(current.InstanceProfileArn, madeProfileArn, StringComparison.Ordinal);
            if (!ours && !evenIfChangedSince)
            {
                throw new InstanceProfileToolsException(ErrorIds.LaunchTemplateChangedElsewhere, FailureKind.InvalidOperation, launchTemplateId,
                    $"The default version of launch template {current.Describe()} is {current.VersionNumber}, which the journal did not make: someone changed it since. " +
                    $"It was left alone; give -EvenIfChangedSince to put version {previousVersion} back anyway.");
            }

            _journal.LaunchTemplate(launchTemplateId, current.VersionNumber, previousVersion, null, JournalOutcomes.Intent);
            await SetDefaultAsync(launchTemplateId, previousVersion, cancellationToken).ConfigureAwait(false);
            _journal.LaunchTemplate(launchTemplateId, current.VersionNumber, previousVersion, null, JournalOutcomes.Changed);
            return true;
        }

        // After a lost reply the default is read, not assumed: the call is sent again only if it did not take.
        private async Task SetDefaultAsync(string launchTemplateId, long version, CancellationToken cancellationToken)
        {
            try
            {
                await _ec2.SetDefaultLaunchTemplateVersionAsync(launchTemplateId, version, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException lost) when (TransientErrors.MayHaveBeenLost(lost))
            {
                LaunchTemplateVersion now = await _ec2.DescribeDefaultLaunchTemplateVersionAsync(launchTemplateId, cancellationToken).ConfigureAwait(false);
                if (now.VersionNumber != version)
                {
                    await _ec2.SetDefaultLaunchTemplateVersionAsync(launchTemplateId, version, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        private static string ClientToken(LaunchTemplateVersion source, string profileArn)
        {
            using var sha = SHA256.Create();
            byte[] hash = sha.ComputeHash(Encoding.UTF8.GetBytes($"{source.LaunchTemplateId}|{source.VersionNumber}|{profileArn}"));
            var text = new StringBuilder("ipt-");
            for (int i = 0; i < 24; i++) text.Append(hash[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            return text.ToString();
        }
    }
}
