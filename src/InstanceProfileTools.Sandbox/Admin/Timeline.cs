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
        /// <summary>All events up to <paramref name="now"/>, ordered, optionally for one instance.</summary>
        public static List<TimelineEvent> Build(IEnumerable<AssociationEntity> associations, DateTimeOffset now, string? instanceId)
        {
            var events = new List<(DateTimeOffset Time, long Order, int Step, AssociationEntity Association, string State)>();
            foreach (AssociationEntity a in associations)
            {
                events.Add((a.CreatedAt, a.CreatedSeq, 0, a, AssociationStates.Associating));
                if (!a.Stuck && (a.RetiredAt == null || a.AssociatedAt <= a.RetiredAt))
                {
                    events.Add((a.AssociatedAt, a.CreatedSeq, 1, a, AssociationStates.Associated));
                }

                if (a.RetiredAt is DateTimeOffset retiredAt && a.GoneAt is DateTimeOffset goneAt)
                {
                    if (goneAt > retiredAt)
                    {
                        events.Add((retiredAt, a.RetiredSeq, 0, a, AssociationStates.Disassociating));
                    }

                    events.Add((goneAt, a.RetiredSeq, 1, a, AssociationStates.Disassociated));
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
            foreach (var e in ordered)
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
                    InstanceId = e.Association.InstanceId,
                    AssociationId = e.Association.AssociationId,
                    State = e.State,
                    InstanceProfileArn = e.Association.InstanceProfileArn,
                    EffectiveInstanceProfileArn = current.Count > 0 ? current[current.Count - 1].InstanceProfileArn : null,
                });
            }

            return instanceId == null ? timeline : timeline.Where(t => t.InstanceId == instanceId).ToList();
        }
    }
}
