using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.ErrorMapping;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Operations;

namespace InstanceProfileTools.Core.Estate
{
    /// <summary>
    /// The guards that read every enabled region before a profile is changed or called unused: an instance anywhere
    /// refuses the change; a region that could not be read refuses it too, unless the user goes on without it.
    /// </summary>
    public static class EstateGuard
    {
        private const string SkipAdvice = "Give the caller ec2:DescribeIamInstanceProfileAssociations there, or give -SkipUnreadableRegion to go on without it.";

        /// <summary>
        /// Scans every enabled region. An instance using <paramref name="profile"/> is <see cref="ErrorIds.InstanceProfileInUse"/>,
        /// naming each instance and its region; an unreadable region is <see cref="ErrorIds.RegionUnreadable"/> unless
        /// <paramref name="skipUnreadableRegions"/>, when it is a warning. Changes nothing.
        /// </summary>
        public static async Task RequireUnusedAsync(OperationContext context, IamInstanceProfile profile, bool skipUnreadableRegions, string advice, CancellationToken cancellationToken)
        {
            if (context is null) throw new ArgumentNullException(nameof(context));
            if (profile is null) throw new ArgumentNullException(nameof(profile));
            EstateReading reading = await new EstateScan(context.Regions, context.Log).ReadAsync(cancellationToken).ConfigureAwait(false);
            IReadOnlyList<RegionalAssociation> users = reading.UsersOf(profile.Arn);
            if (users.Count > 0)
            {
                throw Failures.InUse(profile.InstanceProfileName, users.Select(user => user.ToString()).ToList(), advice);
            }

            RequireReadable(context.Log, reading, skipUnreadableRegions, $"instance profile '{profile.InstanceProfileName}'",
                $"Instances there may use instance profile '{profile.InstanceProfileName}', so it was left as it is: nothing was changed.");
            context.Log.Verbose($"No instance uses instance profile {profile.InstanceProfileName} in the {reading.RegionsRead.Count} region(s) read: {string.Join(", ", reading.RegionsRead)}.");
        }

        /// <summary>
        /// Scans every enabled region for <c>Get-InstanceProfile -Unused</c>: an unreadable region is
        /// <see cref="ErrorIds.RegionUnreadable"/> unless <paramref name="skipUnreadableRegions"/> (a profile used only
        /// there would be called unused), when it is a warning.
        /// </summary>
        public static async Task<EstateReading> ReadForUnusedAsync(OperationContext context, bool skipUnreadableRegions, CancellationToken cancellationToken)
        {
            if (context is null) throw new ArgumentNullException(nameof(context));
            EstateReading reading = await new EstateScan(context.Regions, context.Log).ReadAsync(cancellationToken).ConfigureAwait(false);
            RequireReadable(context.Log, reading, skipUnreadableRegions, "the instance profiles",
                "A profile that only instances there use would be listed as unused, so none is listed.");
            return reading;
        }

        private static void RequireReadable(IOperationLog log, EstateReading reading, bool skip, string subject, string consequence)
        {
            if (reading.Unreadable.Count == 0)
            {
                return;
            }

            string named = string.Join("; ", reading.Unreadable);
            if (skip)
            {
                log.Warning($"Went on without {reading.Unreadable.Count} region(s) that could not be read: {named}. Instances there that use {subject} were not looked for.");
                return;
            }

            UnreadableRegion first = reading.Unreadable[0];
            object target = reading.Unreadable.Count == 1 ? first.Region : reading.Unreadable.Select(u => u.Region).ToArray();
            throw RecommendedAction.Attach(
                new InstanceProfileToolsException(ErrorIds.RegionUnreadable, first.Error.Kind, target,
                    $"{reading.Unreadable.Count} region(s) could not be read: {named}. {consequence} {SkipAdvice}",
                    first.Error),
                SkipAdvice);
        }
    }
}
