using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Xml.Linq;
using InstanceProfileTools.Sandbox.State;

namespace InstanceProfileTools.Sandbox.Ec2
{
    /// <summary>Writes EC2's XML: lowerCamel locationNames, item lists, requestId first, Response/Errors on failure.</summary>
    public static class Ec2Xml
    {
        /// <summary>EC2's XML namespace as the service writes it.</summary>
        public static readonly XNamespace Ns = "http://ec2.amazonaws.com/doc/2016-11-15/";

        /// <summary>A successful answer.</summary>
        public static XElement Response(string action, string requestId, IEnumerable<XElement> members) =>
            new XElement(Ns + (action + "Response"), new XElement(Ns + "requestId", requestId), members);

        /// <summary>An error answer (no namespace, as EC2 sends it).</summary>
        public static XElement Error(string code, string message, string requestId) =>
            new XElement(
                "Response",
                new XElement("Errors", new XElement("Error", new XElement("Code", code), new XElement("Message", message))),
                new XElement("RequestID", requestId));

        /// <summary>An element in EC2's namespace.</summary>
        public static XElement E(string name, params object?[] content) => new XElement(Ns + name, content);

        /// <summary>A list of items.</summary>
        public static XElement Items(string name, IEnumerable<XElement> items) =>
            new XElement(Ns + name, items.Select(i => new XElement(Ns + "item", i.Nodes())));

        /// <summary>EC2's timestamp form: ISO-8601 UTC with milliseconds.</summary>
        public static string Date(DateTimeOffset time) =>
            time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

        /// <summary>An association in a given state.</summary>
        public static XElement Association(AssociationEntity association, string state) =>
            E("iamInstanceProfileAssociation",
                E("associationId", association.AssociationId),
                E("instanceId", association.InstanceId),
                E("iamInstanceProfile", E("arn", association.InstanceProfileArn), E("id", association.InstanceProfileId)),
                E("state", state),
                E("timestamp", Date(association.CreatedAt)));

        /// <summary>An instance state structure.</summary>
        public static XElement InstanceState(string name, string state) =>
            E(name, E("code", InstanceStates.Code(state).ToString(CultureInfo.InvariantCulture)), E("name", state));

        /// <summary>An instance, with its profile and tags when it has them, placed in the first availability zone of its region.</summary>
        public static XElement Instance(InstanceEntity instance, string state, AssociationEntity? association, string region)
        {
            var element = E(
                "instance",
                E("instanceId", instance.InstanceId),
                E("imageId", instance.ImageId),
                InstanceState("instanceState", state),
                E("privateDnsName", ""),
                E("amiLaunchIndex", instance.AmiLaunchIndex.ToString(CultureInfo.InvariantCulture)),
                E("instanceType", instance.InstanceType),
                E("launchTime", Date(instance.LaunchTime)),
                E("placement", E("availabilityZone", region + "a"), E("tenancy", "default")),
                E("monitoring", E("state", "disabled")));
            if (association != null)
            {
                element.Add(E("iamInstanceProfile", E("arn", association.InstanceProfileArn), E("id", association.InstanceProfileId)));
            }

            element.Add(Ec2Tags.TagSet(instance.Tags));

            return element;
        }

        /// <summary>One entry of a Start/Stop/TerminateInstances answer.</summary>
        public static XElement StateChange(string instanceId, string current, string previous) =>
            E("change", E("instanceId", instanceId), InstanceState("currentState", current), InstanceState("previousState", previous));
    }
}
