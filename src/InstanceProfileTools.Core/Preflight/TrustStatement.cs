using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace InstanceProfileTools.Core.Preflight
{
    /// <summary>
    /// One statement of a trust policy, read for what <see cref="Ec2Trust"/> asks: does it name EC2, does it cover
    /// sts:AssumeRole, and under which conditions. It keeps the names it found so that a refusal can say what the
    /// policy trusts instead.
    /// </summary>
    internal sealed class TrustStatement
    {
        private const string AssumeRole = "sts:AssumeRole";

        // The commercial and China partitions' names for EC2 (IAM User Guide, "AWS JSON policy elements: Principal",
        // service principals); IAM compares them without case.
        private static readonly string[] s_ec2Principals = { "ec2.amazonaws.com", "ec2.amazonaws.com.cn" };

        private TrustStatement(string label, string? effect)
        {
            Label = label;
            Effect = effect;
        }

        /// <summary>"statement \"Sid\"" when it has a Sid, else "statement 2" (counting from 1).</summary>
        public string Label { get; }

        /// <summary>The Effect as written; IAM knows only "Allow" and "Deny".</summary>
        public string? Effect { get; }

        public bool IsAllow => Effect == "Allow";

        public bool IsDeny => Effect == "Deny";

        /// <summary>IAM does not support NotPrincipal in a role trust policy, so such a statement is not counted.</summary>
        public bool UsesNotPrincipal { get; private set; }

        /// <summary>How the Principal names EC2 ("ec2.amazonaws.com", "*"), or null when it does not.</summary>
        public string? Ec2NamedAs { get; private set; }

        /// <summary>Every principal the statement names, as written, for a reason that says whom the policy trusts.</summary>
        public IReadOnlyList<string> Principals { get; private set; } = Array.Empty<string>();

        /// <summary>Whether Action (or NotAction, by leaving it out) covers sts:AssumeRole.</summary>
        public bool CoversAssumeRole { get; private set; }

        /// <summary>The actions as written; a NotAction reads "everything but ...".</summary>
        public IReadOnlyList<string> Actions { get; private set; } = Array.Empty<string>();

        /// <summary>The condition keys (aws:SourceAccount, ...); empty when the statement holds unconditionally.</summary>
        public IReadOnlyList<string> ConditionKeys { get; private set; } = Array.Empty<string>();

        public bool AppliesToEc2AssumeRole => !UsesNotPrincipal && Ec2NamedAs != null && CoversAssumeRole;

        public bool IsConditional => ConditionKeys.Count > 0;

        /// <summary>Reads a statement that is a JSON object; <paramref name="number"/> counts from 1.</summary>
        public static TrustStatement Read(JsonElement statement, int number)
        {
            string? sid = Text(statement, "Sid");
            string label = string.IsNullOrEmpty(sid) ? $"statement {number}" : $"statement \"{sid}\"";
            var read = new TrustStatement(label, Text(statement, "Effect"));

            if (statement.TryGetProperty("NotPrincipal", out _))
            {
                read.UsesNotPrincipal = true;
            }
            else if (statement.TryGetProperty("Principal", out JsonElement principal))
            {
                read.ReadPrincipal(principal);
            }

            if (statement.TryGetProperty("Action", out JsonElement action))
            {
                read.Actions = Strings(action);
                read.CoversAssumeRole = read.Actions.Any(pattern => PolicyWildcard.Matches(pattern, AssumeRole));
            }
            else if (statement.TryGetProperty("NotAction", out JsonElement notAction))
            {
                // An Allow with NotAction grants every action it does not list.
                IReadOnlyList<string> excluded = Strings(notAction);
                read.Actions = new[] { "everything but " + string.Join(", ", excluded) };
                read.CoversAssumeRole = !excluded.Any(pattern => PolicyWildcard.Matches(pattern, AssumeRole));
            }

            if (statement.TryGetProperty("Condition", out JsonElement condition))
            {
                read.ConditionKeys = Keys(condition);
            }

            return read;
        }

        private void ReadPrincipal(JsonElement principal)
        {
            if (principal.ValueKind == JsonValueKind.String)
            {
                // "*" is every principal, services included; IAM accepts no other bare string.
                string name = principal.GetString() ?? string.Empty;
                Principals = new[] { name };
                Ec2NamedAs = name == "*" ? "every principal (\"*\")" : null;
                return;
            }

            if (principal.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            var names = new List<string>();
            foreach (JsonProperty kind in principal.EnumerateObject())
            {
                foreach (string name in Strings(kind.Value))
                {
                    names.Add(name);
                    if (Ec2NamedAs != null)
                    {
                        continue;
                    }

                    if (kind.Name == "Service" && s_ec2Principals.Any(ec2 => string.Equals(ec2, name, StringComparison.OrdinalIgnoreCase)))
                    {
                        Ec2NamedAs = name;
                    }
                    else if (kind.Name == "AWS" && name == "*")
                    {
                        // {"AWS": "*"} is the same as "*": anonymous principals and services too.
                        Ec2NamedAs = "every principal ({\"AWS\": \"*\"})";
                    }
                }
            }

            Principals = names;
        }

        private static IReadOnlyList<string> Keys(JsonElement condition)
        {
            if (condition.ValueKind != JsonValueKind.Object)
            {
                // Not a shape IAM would store, but still a condition the statement depends on.
                return new[] { "an unreadable Condition" };
            }

            var keys = new List<string>();
            foreach (JsonProperty @operator in condition.EnumerateObject())
            {
                if (@operator.Value.ValueKind == JsonValueKind.Object)
                {
                    keys.AddRange(@operator.Value.EnumerateObject().Select(key => key.Name));
                }
                else
                {
                    keys.Add(@operator.Name);
                }
            }

            return keys.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        }

        /// <summary>A policy element that is one string or a list of them; anything else holds none.</summary>
        private static IReadOnlyList<string> Strings(JsonElement element)
        {
            if (element.ValueKind == JsonValueKind.String)
            {
                return new[] { element.GetString() ?? string.Empty };
            }

            return element.ValueKind == JsonValueKind.Array
                ? element.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.String).Select(item => item.GetString() ?? string.Empty).ToList()
                : (IReadOnlyList<string>)Array.Empty<string>();
        }

        private static string? Text(JsonElement element, string name) =>
            element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
