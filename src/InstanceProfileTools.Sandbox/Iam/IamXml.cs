using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Xml.Linq;
using InstanceProfileTools.Sandbox.Protocol;
using InstanceProfileTools.Sandbox.State;

namespace InstanceProfileTools.Sandbox.Iam
{
    /// <summary>Writes IAM's query-protocol XML: XResponse/XResult, member lists, ResponseMetadata, ErrorResponse.</summary>
    public static class IamXml
    {
        /// <summary>IAM's XML namespace.</summary>
        public static readonly XNamespace Ns = "https://iam.amazonaws.com/doc/2010-05-08/";

        /// <summary>A successful answer; <paramref name="result"/> null for actions without output.</summary>
        public static XElement Response(string action, string requestId, IEnumerable<XElement>? result) =>
            QueryXml.Response(Ns, action, requestId, result);

        /// <summary>An error answer.</summary>
        public static XElement Error(string code, string message, bool senderFault, string requestId) =>
            QueryXml.Error(Ns, code, message, senderFault, requestId);

        /// <summary>An element in IAM's namespace.</summary>
        public static XElement E(string name, object? content) => new XElement(Ns + name, content);

        /// <summary>A list of members.</summary>
        public static XElement Members(string name, IEnumerable<XElement> members) =>
            new XElement(Ns + name, members.Select(m => new XElement(Ns + "member", m.Nodes())));

        /// <summary>IAM's timestamp form: ISO-8601 UTC, whole seconds.</summary>
        public static string Date(DateTimeOffset time) => QueryXml.Date(time);

        /// <summary>
        /// The profile as AWS returns it, its role embedded. <paramref name="withTags"/> writes the Tags member even
        /// when empty, as GetInstanceProfile does (recorded real answers show <c>Tags: []</c> there).
        /// </summary>
        public static XElement Profile(InstanceProfileEntity profile, IEnumerable<RoleEntity> roles, bool withTags)
        {
            var element = new XElement(
                Ns + "InstanceProfile",
                E("Path", profile.Path),
                E("InstanceProfileName", profile.InstanceProfileName),
                E("InstanceProfileId", profile.InstanceProfileId),
                E("Arn", profile.Arn),
                E("CreateDate", Date(profile.CreateDate)),
                Members("Roles", roles.Select(r => Role(r, RoleView.InProfile))));
            if (withTags)
            {
                element.Add(Tags("Tags", profile.Tags));
            }

            return element;
        }

        /// <summary>The role as AWS returns it in <paramref name="view"/>.</summary>
        public static XElement Role(RoleEntity role, RoleView view)
        {
            var element = new XElement(
                Ns + "Role",
                E("Path", role.Path),
                E("RoleName", role.RoleName),
                E("RoleId", role.RoleId),
                E("Arn", role.Arn),
                E("CreateDate", Date(role.CreateDate)),
                E("AssumeRolePolicyDocument", Uri.EscapeDataString(role.AssumeRolePolicyDocument)));
            if (role.Description != null && view != RoleView.Created)
            {
                element.Add(E("Description", role.Description));
            }

            if (view is RoleView.Listed or RoleView.Got)
            {
                element.Add(E("MaxSessionDuration", role.MaxSessionDuration.ToString(CultureInfo.InvariantCulture)));
            }

            if (view == RoleView.Got)
            {
                element.Add(new XElement(Ns + "RoleLastUsed"));
            }

            if ((view is RoleView.Created or RoleView.Got) && role.Tags.Count > 0)
            {
                element.Add(Tags("Tags", role.Tags));
            }

            return element;
        }

        /// <summary>A tag list.</summary>
        public static XElement Tags(string name, IEnumerable<TagEntity> tags) =>
            Members(name, tags.Select(t => new XElement(Ns + "Tag", E("Key", t.Key), E("Value", t.Value))));

        /// <summary>The IsTruncated and Marker members of a page.</summary>
        public static IEnumerable<XElement> PageEnd(string? nextMarker)
        {
            yield return E("IsTruncated", nextMarker != null ? "true" : "false");
            if (nextMarker != null)
            {
                yield return E("Marker", nextMarker);
            }
        }
    }
}
