using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;
using InstanceProfileTools.Sandbox.Protocol;
using InstanceProfileTools.Sandbox.State;

namespace InstanceProfileTools.Sandbox.Ec2
{
    /// <summary>The four association actions.</summary>
    public sealed partial class Ec2Service
    {
        private IEnumerable<XElement> Associate(AwsRequest request, bool stuck)
        {
            InstanceEntity instance = FindInstance(request.Get("InstanceId"));
            string state = InstanceStateNow(instance);
            if (state != InstanceStates.Running && state != InstanceStates.Stopped)
            {
                throw Ec2Errors.IncorrectInstanceState($"The instance '{instance.InstanceId}' is not in the 'running' or 'stopped' states.");
            }

            if (State.ActiveAssociation(instance.InstanceId) != null)
            {
                throw Ec2Errors.IncorrectState($"There is an existing association for instance {instance.InstanceId}");
            }

            InstanceProfileEntity profile = ResolveProfile(request, identityVariantAllowed: true);
            RefuseUnpassableRole(request, profile);
            AssociationEntity association = NewAssociation(instance.InstanceId, profile, stuck, Now);
            yield return Ec2Xml.Association(association, AssociationStates.Associating);
        }

        private IEnumerable<XElement> Replace(AwsRequest request, bool stuck)
        {
            AssociationEntity old = FindVisibleAssociation(request.Get("AssociationId"));
            DateTimeOffset now = Now;
            InstanceEntity? instance = State.Instances.GetValueOrDefault(old.InstanceId);
            if (old.RetiredAt != null || instance == null || InstanceStateNow(instance) != InstanceStates.Running)
            {
                // AWS swaps atomically on a running instance only (EVIDENCE 15).
                throw Ec2Errors.IncorrectState($"The association {old.AssociationId} is not the active association");
            }

            InstanceProfileEntity profile = ResolveProfile(request, identityVariantAllowed: true);
            RefuseUnpassableRole(request, profile);
            AssociationEntity replacement = NewAssociation(old.InstanceId, profile, stuck, now, old.AssociationId);
            AssociationStates.Retire(old, now, TimeSpan.Zero, NextSequence());
            yield return Ec2Xml.Association(replacement, AssociationStates.Associating);
        }

        private IEnumerable<XElement> Disassociate(AwsRequest request)
        {
            AssociationEntity association = FindVisibleAssociation(request.Get("AssociationId"));
            if (association.RetiredAt != null)
            {
                throw Ec2Errors.IncorrectState($"The association {association.AssociationId} is not the active association");
            }

            AssociationStates.Retire(association, Now, SandboxStore.Ms(Consistency.DisassociatingMs), NextSequence());
            yield return Ec2Xml.Association(association, AssociationStates.Disassociating);
        }

        private IEnumerable<XElement> DescribeAssociations(AwsRequest request)
        {
            List<string> ids = WithinFilterLimit(request.GetList("AssociationId"));
            int? maxResults = MaxResults(request);
            Dictionary<string, HashSet<string>> filters = Filters(request, "instance-id", "state");
            DateTimeOffset now = Now;
            foreach (string id in ids)
            {
                FindVisibleAssociation(id);
            }

            // Start from the ids or the instance-id filter when given, through the state's indexes, so a call for
            // 200 instances costs what their associations cost, not a scan of the whole fleet's history.
            IEnumerable<AssociationEntity> candidates = ids.Count > 0
                ? ids.Distinct().Select(id => State.FindAssociation(id)!)
                : filters.TryGetValue("instance-id", out HashSet<string>? instanceIds)
                    ? instanceIds.SelectMany(State.AssociationsOf)
                    : State.Associations;
            IEnumerable<AssociationEntity> matching = candidates
                .Select(a => (Association: a, State: AssociationStates.At(a, now)))
                .Where(a => a.State != AssociationStates.Disassociated)
                .Where(a => Passes(filters, "instance-id", a.Association.InstanceId) && Passes(filters, "state", a.State))
                .Select(a => a.Association)
                .OrderBy(a => a.CreatedSeq);
            var (items, next) = Paging.Page(matching, a => SequenceKey(a.CreatedSeq), request.Get("NextToken"), maxResults ?? 1000, InvalidNextToken);
            yield return Ec2Xml.Items("iamInstanceProfileAssociationSet", items.Select(a => Ec2Xml.Association(a, AssociationStates.At(a, now))));
            if (next != null)
            {
                yield return Ec2Xml.E("nextToken", next);
            }
        }

        /// <summary>An association that EC2 still shows (not yet gone); InvalidParameterValue for a malformed id.</summary>
        private AssociationEntity FindVisibleAssociation(string? associationId)
        {
            if (associationId == null)
            {
                throw Ec2Errors.Missing("AssociationId");
            }

            if (!s_associationId.IsMatch(associationId))
            {
                throw Ec2Errors.MalformedAssociationId();
            }

            AssociationEntity? association = State.FindAssociation(associationId);
            if (association == null || AssociationStates.At(association, Now) == AssociationStates.Disassociated)
            {
                throw Ec2Errors.AssociationNotFound(associationId);
            }

            return association;
        }
    }
}
