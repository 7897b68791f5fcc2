using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Xml.Linq;
using InstanceProfileTools.Sandbox.Protocol;
using InstanceProfileTools.Sandbox.State;

namespace InstanceProfileTools.Sandbox.Ec2
{
    /// <summary>Minimal instances: enough for clients to make instances to associate profiles with.</summary>
    public sealed partial class Ec2Service
    {
        private IEnumerable<XElement> DescribeInstances(AwsRequest request)
        {
            List<string> ids = WithinFilterLimit(request.GetList("InstanceId"));
            int? maxResults = MaxResults(request);
            if (ids.Count > 0 && maxResults != null)
            {
                throw new AwsServiceException("InvalidParameterCombination", "The parameter instancesSet cannot be used with the parameter maxResults", 400);
            }

            Dictionary<string, HashSet<string>> filters = Filters(request, "instance-id", "instance-state-name", "iam-instance-profile.arn", "tag-key", "tag:");
            IEnumerable<InstanceEntity> chosen = ids.Count > 0
                ? FindInstances(ids)
                : filters.TryGetValue("instance-id", out HashSet<string>? filterIds)
                    ? filterIds.Where(State.Instances.ContainsKey).Select(id => State.Instances[id])
                    : State.Instances.Values;
            IEnumerable<InstanceEntity> matching = chosen
                .Where(i => Passes(filters, "instance-id", i.InstanceId) && Passes(filters, "instance-state-name", InstanceStateNow(i)) &&
                    PassesLike(filters, "iam-instance-profile.arn", State.ActiveAssociation(i.InstanceId)?.InstanceProfileArn) && Ec2Tags.PassFilters(filters, i.Tags))
                .OrderBy(i => i.Sequence);
            var (items, next) = Paging.Page(matching, i => SequenceKey(i.Sequence), request.Get("NextToken"), maxResults ?? 1000, InvalidNextToken);
            IEnumerable<XElement> reservations = items
                .GroupBy(i => i.ReservationId)
                .Select(group => Ec2Xml.E(
                    "reservation",
                    Ec2Xml.E("reservationId", group.Key),
                    Ec2Xml.E("ownerId", _accountId),
                    Ec2Xml.E("groupSet"),
                    Ec2Xml.Items("instancesSet", group.Select(i => Ec2Xml.Instance(i, InstanceStateNow(i), State.ActiveAssociation(i.InstanceId), _region)))));
            yield return Ec2Xml.Items("reservationSet", reservations);
            if (next != null)
            {
                yield return Ec2Xml.E("nextToken", next);
            }
        }

        private IEnumerable<XElement> StopInstances(AwsRequest request) =>
            ChangeInstances(request, (instance, previous) =>
            {
                if (previous == InstanceStates.Terminated)
                {
                    throw Ec2Errors.IncorrectInstanceState($"This instance '{instance.InstanceId}' is not in a state from which it can be stopped.");
                }

                instance.State = InstanceStates.Stopped;
                return previous == InstanceStates.Stopped ? InstanceStates.Stopped : InstanceStates.Stopping;
            });

        private IEnumerable<XElement> StartInstances(AwsRequest request) =>
            ChangeInstances(request, (instance, previous) =>
            {
                if (previous == InstanceStates.Terminated)
                {
                    throw Ec2Errors.IncorrectInstanceState($"This instance '{instance.InstanceId}' is not in a state from which it can be started.");
                }

                if (previous != InstanceStates.Stopped)
                {
                    return previous;
                }

                instance.State = InstanceStates.Pending;
                instance.RunningAt = Now + SandboxStore.Ms(Consistency.InstancePendingMs);
                return InstanceStates.Pending;
            });

        private IEnumerable<XElement> TerminateInstances(AwsRequest request) =>
            ChangeInstances(request, (instance, previous) =>
            {
                if (previous == InstanceStates.Terminated)
                {
                    return InstanceStates.Terminated;
                }

                instance.State = InstanceStates.Terminated;
                if (State.ActiveAssociation(instance.InstanceId) is AssociationEntity association)
                {
                    // A terminated instance loses its association at once.
                    AssociationStates.Retire(association, Now, TimeSpan.Zero, NextSequence());
                }

                return InstanceStates.ShuttingDown;
            });

        /// <summary>Applies a state change to every listed instance, once all ids are known to exist.</summary>
        private IEnumerable<XElement> ChangeInstances(AwsRequest request, Func<InstanceEntity, string, string> change)
        {
            List<string> ids = request.GetList("InstanceId");
            if (ids.Count == 0)
            {
                throw Ec2Errors.Missing("InstanceId");
            }

            List<InstanceEntity> instances = FindInstances(ids);
            var changes = new List<XElement>();
            foreach (InstanceEntity instance in instances)
            {
                string previous = InstanceStateNow(instance);
                string current = change(instance, previous);
                changes.Add(Ec2Xml.StateChange(instance.InstanceId, current, previous));
            }

            yield return Ec2Xml.Items("instancesSet", changes);
        }

        /// <summary>The instance's state now: a pending instance is running once its pending time is over.</summary>
        private string InstanceStateNow(InstanceEntity instance) =>
            instance.State == InstanceStates.Pending && Now >= instance.RunningAt ? InstanceStates.Running : instance.State;
    }
}
