using System;
using System.Collections.Generic;
using System.Linq;
using InstanceProfileTools.Sandbox.State;

namespace InstanceProfileTools.Sandbox.Admin
{
    /// <summary>
    /// Derives every association state change from the associations' timestamps. Transitions reached lazily (an
    /// association becoming associated while nobody asked) appear at the moment they happened, so the timeline
    /// is exact without timers: an instance's profile can be followed through any replace.
    /// </summary>
    public static class Timeline
    {
        /// <summary>
        /// All events of every region up to <paramref name="now"/>, ordered, optionally only one instance's, account's or
        /// region's. <see cref="TimelineEvent.Seq"/> numbers the whole timeline, whatever the filter.
        /// </summary>
        public static List<TimelineEvent> Build(IEnumerable<RegionalState> regions, DateTimeOffset now, string? instanceId = null, string? accountId = null, string? region = null)
        {
            var events = new List<Change>();
            foreach (RegionalState where in regions)
            {
                foreach (AssociationEntity association in where.State.Associations)
                {
                    AddChanges(events, where, association);
                }
            }

            var ordered = events
                .Where(e => e.Time <= now)
                .OrderBy(e => e.Time)
                .ThenBy(e => e.Order)
                .ThenBy(e => e.Step)
                .ToList();
            var active = new Dictionary<string, List<AssociationEntity>>(StringComparer.Ordinal);
            var timeline = new List<TimelineEvent>(ordered.Count);
            foreach (Change e in ordered)
            {
                if (!active.TryGetValue(e.Association.InstanceId, out List<AssociationEntity>? current))
                {
                    current = new List<AssociationEntity>();
                    active[e.Association.InstanceId] = current;
                }

                current.Remove(e.Association);
                if (e.State == AssociationStates.Associating || e.State == AssociationStates.Associated)
                {
                    current.Add(e.Association);
                }

                timeline.Add(new TimelineEvent
                {
                    Time = e.Time,
                    Seq = timeline.Count + 1,
                    AccountId = e.Where.AccountId,
                    Region = e.Where.Region,
                    InstanceId = e.Association.InstanceId,
                    AssociationId = e.Association.AssociationId,
                    State = e.State,
                    InstanceProfileArn = e.Association.InstanceProfileArn,
                    EffectiveInstanceProfileArn = current.Count > 0 ? current[current.Count - 1].InstanceProfileArn : null,
                });
            }

            return timeline
                .Where(t => (instanceId == null || t.InstanceId == instanceId) && (accountId == null || t.AccountId == accountId) && (region == null || t.Region == region))
                .ToList();
        }

        private static void AddChanges(List<Change> events, RegionalState where, AssociationEntity a)
        {
            events.Add(new Change(a.CreatedAt, a.CreatedSeq, 0, where, a, AssociationStates.Associating));
            if (!a.Stuck && (a.RetiredAt == null || a.AssociatedAt <= a.RetiredAt))
            {
                events.Add(new Change(a.AssociatedAt, a.CreatedSeq, 1, where, a, AssociationStates.Associated));
            }

            if (a.RetiredAt is DateTimeOffset retiredAt && a.GoneAt is DateTimeOffset goneAt)
            {
                if (goneAt > retiredAt)
                {
                    events.Add(new Change(retiredAt, a.RetiredSeq, 0, where, a, AssociationStates.Disassociating));
                }

                events.Add(new Change(goneAt, a.RetiredSeq, 1, where, a, AssociationStates.Disassociated));
            }
        }

        /// <summary>One state an association entered, before it is numbered: ordered by time, then sequence, then step.</summary>
        private readonly record struct Change(DateTimeOffset Time, long Order, int Step, RegionalState Where, AssociationEntity Association, string State);
    }
}
