using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using InstanceProfileTools.Sandbox.Protocol;
using InstanceProfileTools.Sandbox.State;

namespace InstanceProfileTools.Sandbox.Ec2
{
    /// <summary>Minimal instances: enough for clients to make instances to associate profiles with.</summary>
    public sealed partial class Ec2Service
    {
        private const int MaxInstancesPerLaunch = 1000;

        private static readonly Regex s_imageId = new Regex("^ami-([0-9a-f]{8}|[0-9a-f]{17})\\z", RegexOptions.CultureInvariant);

        private IEnumerable<XElement> RunInstances(AwsRequest request, bool stuck)
        {
            string imageId = request.Get("ImageId") ?? throw Ec2Errors.Missing("ImageId");
            if (!s_imageId.IsMatch(imageId))
            {
                throw new AwsServiceException("InvalidAMIID.Malformed", $"Invalid id: \"{imageId}\" (expecting \"ami-...\")", 400);
            }

            int minCount = Count(request, "MinCount");
            int maxCount = Count(request, "MaxCount");
            if (minCount > maxCount)
            {
                throw Ec2Errors.InvalidValue("MinCount cannot be greater than MaxCount");
            }

            InstanceProfileEntity? profile = request.HasAny("IamInstanceProfile.") ? ResolveProfile(request, identityVariantAllowed: false) : null;
            if (profile != null)
            {
                RefuseUnpassableRole(request, profile);
            }

            DateTimeOffset now = Now;
            string reservationId = IdGenerator.Ec2Id("r-");
            var launched = new List<XElement>();
            for (int index = 0; index < maxCount; index++)
            {
                var instance = new InstanceEntity
                {
                    InstanceId = IdGenerator.Ec2Id("i-"),
                    ReservationId = reservationId,
                    ImageId = imageId,
                    InstanceType = request.Get("InstanceType") ?? "t2.micro",
                    AmiLaunchIndex = index,
                    LaunchTime = now,
                    Sequence = NextSequence(),
                    State = InstanceStates.Pending,
                    RunningAt = now + SandboxStore.Ms(Consistency.InstancePendingMs),
                };
                State.Instances[instance.InstanceId] = instance;
                AssociationEntity? association = profile != null ? NewAssociation(instance.InstanceId, profile, stuck, now) : null;
                launched.Add(Ec2Xml.Instance(instance, InstanceStates.Pending, association, _region));
            }

            yield return Ec2Xml.E("reservationId", reservationId);
            yield return Ec2Xml.E("ownerId", _accountId);
            yield return Ec2Xml.E("groupSet");
            yield return Ec2Xml.Items("instancesSet", launched);
        }

        private IEnumerable<XElement> DescribeInstances(AwsRequest request)
        {
            List<string> ids = WithinFilterLimit(request.GetList("InstanceId"));
            int? maxResults = MaxResults(request);
            if (ids.Count > 0 && maxResults != null)
            {
                throw new AwsServiceException("InvalidParameterCombination", "The parameter instancesSet cannot be used with the parameter maxResults", 400);
            }

            Dictionary<string, HashSet<string>> filters = Filters(request, "instance-id", "instance-state-name");
            IEnumerable<InstanceEntity> chosen = ids.Count > 0
                ? FindInstances(ids)
                : filters.TryGetValue("instance-id", out HashSet<string>? filterIds)
                    ? filterIds.Where(State.Instances.ContainsKey).Select(id => State.Instances[id])
                    : State.Instances.Values;
            IEnumerable<InstanceEntity> matching = chosen
                .Where(i => Passes(filters, "instance-id", i.InstanceId) && Passes(filters, "instance-state-name", InstanceStateNow(i)))
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

        private static int Count(AwsRequest request, string parameter)
        {
            string value = request.Get(parameter) ?? throw Ec2Errors.Missing(parameter);
            if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int count) || count < 1 || count > MaxInstancesPerLaunch)
            {
                throw Ec2Errors.InvalidValue($"Value ({value}) for parameter {parameter} is invalid. Expecting a value between 1 and {MaxInstancesPerLaunch}.");
            }

            return count;
        }
    }
}
