using System;
using System.Collections.Generic;
using System.Globalization;
using Amazon.Runtime.Internal.Transform;
using InstanceProfileTools.Core.Model;

namespace InstanceProfileTools.Core.Iam
{
    /// <summary>
    /// Reads IAM's result shapes (InstanceProfile, Role, Tag, their <c>member</c> lists and the
    /// <c>IsTruncated</c>/<c>Marker</c> pagination fields) from the Query protocol's XML.
    /// </summary>
    internal static class IamXmlReader
    {
        /// <summary>Calls <paramref name="onChild"/> for each child element of the element the context is on.</summary>
        public static void ReadChildren(XmlUnmarshallerContext context, Action<string> onChild)
        {
            int depth = context.CurrentDepth;
            while (context.ReadAtDepth(depth))
            {
                if (context.IsStartElement && context.CurrentDepth == depth + 1)
                {
                    onChild(context.CurrentElementName);
                }
            }
        }

        /// <summary>Reads a list's <c>member</c> elements.</summary>
        public static List<T> ReadList<T>(XmlUnmarshallerContext context, Func<XmlUnmarshallerContext, T> readMember)
        {
            var items = new List<T>();
            ReadChildren(context, name =>
            {
                if (name == "member")
                {
                    items.Add(readMember(context));
                }
            });
            return items;
        }

        /// <summary>Reads a result that holds one element (such as <c>InstanceProfile</c> or <c>Role</c>).</summary>
        public static T ReadSingle<T>(XmlUnmarshallerContext context, string elementName, Func<XmlUnmarshallerContext, T> read)
            where T : class
        {
            T? value = null;
            ReadChildren(context, name =>
            {
                if (name == elementName)
                {
                    value = read(context);
                }
            });
            return value ?? throw new FormatException($"The IAM response has no {elementName} element.");
        }

        /// <summary>Reads a paginated list result: its <paramref name="listElement"/>, IsTruncated and Marker.</summary>
        public static Page<T> ReadPage<T>(XmlUnmarshallerContext context, string listElement, Func<XmlUnmarshallerContext, T> readMember)
        {
            IReadOnlyList<T> items = Array.Empty<T>();
            bool truncated = false;
            string? marker = null;
            ReadChildren(context, name =>
            {
                switch (name)
                {
                    case var list when list == listElement:
                        items = ReadList(context, readMember);
                        break;
                    case "IsTruncated":
                        truncated = string.Equals(Text(context), "true", StringComparison.OrdinalIgnoreCase);
                        break;
                    case "Marker":
                        marker = Text(context);
                        break;
                }
            });

            // IAM sends a Marker only when IsTruncated is true; trust IsTruncated, as the paginator in the model does.
            return new Page<T>(items, truncated && !string.IsNullOrEmpty(marker) ? marker : null);
        }

        public static IamInstanceProfile ReadInstanceProfile(XmlUnmarshallerContext context)
        {
            string name = string.Empty, id = string.Empty, arn = string.Empty, path = "/";
            DateTime created = default;
            IReadOnlyList<IamRole> roles = Array.Empty<IamRole>();
            IReadOnlyList<Tag> tags = Array.Empty<Tag>();
            ReadChildren(context, element =>
            {
                switch (element)
                {
                    case "InstanceProfileName": name = Text(context); break;
                    case "InstanceProfileId": id = Text(context); break;
                    case "Arn": arn = Text(context); break;
                    case "Path": path = Text(context); break;
                    case "CreateDate": created = ParseDate(Text(context)); break;
                    case "Roles": roles = ReadList(context, ReadRole); break;
                    case "Tags": tags = ReadList(context, ReadTag); break;
                }
            });
            return new IamInstanceProfile(name, id, arn, path, created, roles, tags);
        }

        public static IamRole ReadRole(XmlUnmarshallerContext context)
        {
            string name = string.Empty, id = string.Empty, arn = string.Empty, path = "/";
            string? policy = null, description = null;
            DateTime created = default;
            ReadChildren(context, element =>
            {
                switch (element)
                {
                    case "RoleName": name = Text(context); break;
                    case "RoleId": id = Text(context); break;
                    case "Arn": arn = Text(context); break;
                    case "Path": path = Text(context); break;
                    case "CreateDate": created = ParseDate(Text(context)); break;

                    // IAM sends the trust policy URL-encoded (RFC 3986), inside the XML.
                    case "AssumeRolePolicyDocument": policy = Uri.UnescapeDataString(Text(context)); break;
                    case "Description": description = Text(context); break;
                }
            });
            return new IamRole(name, id, arn, path, created, policy, description);
        }

        public static Tag ReadTag(XmlUnmarshallerContext context)
        {
            string key = string.Empty, value = string.Empty;
            ReadChildren(context, element =>
            {
                switch (element)
                {
                    case "Key": key = Text(context); break;
                    case "Value": value = Text(context); break;
                }
            });
            return new Tag(key, value);
        }

        /// <summary>IAM's timestamps are ISO 8601 in UTC (<c>2026-02-10T09:41:07Z</c>, sometimes with fractions).</summary>
        public static DateTime ParseDate(string text) =>
            DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

        private static string Text(XmlUnmarshallerContext context) => StringUnmarshaller.Instance.Unmarshall(context) ?? string.Empty;
    }
}
