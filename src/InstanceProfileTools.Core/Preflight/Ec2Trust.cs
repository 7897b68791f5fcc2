using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace InstanceProfileTools.Core.Preflight
{
    /// <summary>
    /// Reads a role's trust policy (its AssumeRolePolicyDocument) offline and answers whether EC2 may assume the role:
    /// whether the service principal ec2.amazonaws.com may call sts:AssumeRole. Without that, an instance given the
    /// role gets no credentials and its metadata reports AssumeRoleUnauthorizedAccess (IAM User Guide, "Troubleshoot
    /// IAM and Amazon EC2"). As IAM's policy evaluation does, an explicit Deny wins over any Allow, and no Allow means
    /// denied. Conditions are not evaluated: a statement that depends on one makes the answer conditional.
    /// </summary>
    public static class Ec2Trust
    {
        /// <summary>The service principal EC2 assumes instance roles as.</summary>
        public const string ServicePrincipal = "ec2.amazonaws.com";

        private const string AssumeRole = "sts:AssumeRole";

        /// <summary>
        /// The verdict on <paramref name="policyDocument"/>, raw JSON or percent-encoded as IAM sends it. Never throws on
        /// a bad document: an empty or malformed one is <see cref="TrustOutcome.Unreadable"/>.
        /// </summary>
        public static TrustVerdict Read(string? policyDocument)
        {
            if (string.IsNullOrWhiteSpace(policyDocument))
            {
                return Unreadable("its trust policy is empty");
            }

            JsonDocument parsed;
            try
            {
                parsed = JsonDocument.Parse(Decode(policyDocument!));
            }
            catch (JsonException error)
            {
                return Unreadable($"its trust policy is not valid JSON ({error.Message})");
            }

            using (parsed)
            {
                return Judge(parsed.RootElement);
            }
        }

        // GetRole sends the document percent-encoded (RFC 3986). IamXmlReader decodes it, but a document taken from
        // raw XML or a log is not; JSON never starts with '%', and an encoded object starts with "%7B" or encoded space.
        private static string Decode(string document)
        {
            string trimmed = document.Trim();
            return trimmed.StartsWith("%", StringComparison.Ordinal) ? Uri.UnescapeDataString(trimmed) : trimmed;
        }

        private static TrustVerdict Judge(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Unreadable("its trust policy is not a JSON object");
            }

            if (!root.TryGetProperty("Statement", out JsonElement statementElement))
            {
                return Unreadable("its trust policy has no Statement");
            }

            // Statement is a list, or a single statement written without brackets.
            JsonElement[] elements;
            switch (statementElement.ValueKind)
            {
                case JsonValueKind.Array: elements = statementElement.EnumerateArray().ToArray(); break;
                case JsonValueKind.Object: elements = new[] { statementElement }; break;
                default: return Unreadable("its trust policy's Statement is neither a statement nor a list of them");
            }

            var statements = new List<TrustStatement>();
            for (int i = 0; i < elements.Length; i++)
            {
                if (elements[i].ValueKind != JsonValueKind.Object)
                {
                    return Unreadable($"its trust policy's statement {i + 1} is not a JSON object");
                }

                TrustStatement statement = TrustStatement.Read(elements[i], i + 1);
                if (!statement.IsAllow && !statement.IsDeny)
                {
                    return Unreadable($"its trust policy's {statement.Label} has Effect '{statement.Effect}', where IAM knows only Allow and Deny");
                }

                statements.Add(statement);
            }

            return Weigh(statements);
        }

        private static TrustVerdict Weigh(IReadOnlyList<TrustStatement> statements)
        {
            List<TrustStatement> matching = statements.Where(s => s.AppliesToEc2AssumeRole).ToList();
            TrustStatement? deny = matching.FirstOrDefault(s => s.IsDeny && !s.IsConditional);
            TrustStatement? conditionalDeny = matching.FirstOrDefault(s => s.IsDeny && s.IsConditional);
            TrustStatement? allow = matching.FirstOrDefault(s => s.IsAllow && !s.IsConditional);
            TrustStatement? conditionalAllow = matching.FirstOrDefault(s => s.IsAllow && s.IsConditional);
            string notes = NotPrincipalNotes(statements);

            if (deny != null)
            {
                return new TrustVerdict(TrustOutcome.Denied,
                    $"its trust policy denies {ServicePrincipal} {AssumeRole} ({deny.Label}), and an explicit Deny overrides any Allow" + notes);
            }

            if (allow == null && conditionalAllow == null)
            {
                return new TrustVerdict(TrustOutcome.NotAllowed, WhatItAllowsInstead(statements) + notes);
            }

            if (allow == null)
            {
                return new TrustVerdict(TrustOutcome.Conditional,
                    $"its trust policy allows {conditionalAllow!.Ec2NamedAs} {AssumeRole} only under a condition on {Keys(conditionalAllow)} " +
                    $"({conditionalAllow.Label}), which cannot be checked before EC2 makes the call" + notes);
            }

            if (conditionalDeny != null)
            {
                return new TrustVerdict(TrustOutcome.Conditional,
                    $"its trust policy allows {allow.Ec2NamedAs} {AssumeRole} ({allow.Label}), but {conditionalDeny.Label} denies it under a " +
                    $"condition on {Keys(conditionalDeny)}, which cannot be checked before EC2 makes the call" + notes);
            }

            return new TrustVerdict(TrustOutcome.Allowed, $"its trust policy allows {allow.Ec2NamedAs} {AssumeRole} ({allow.Label})" + notes);
        }

        /// <summary>For a refusal: whom the policy lets call sts:AssumeRole, or what it lets EC2 do, or that it allows nothing.</summary>
        private static string WhatItAllowsInstead(IReadOnlyList<TrustStatement> statements)
        {
            List<TrustStatement> allows = statements.Where(s => s.IsAllow && !s.UsesNotPrincipal).ToList();

            string[] others = allows.Where(s => s.CoversAssumeRole).SelectMany(s => s.Principals).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
            if (others.Length > 0)
            {
                return $"its trust policy allows only {string.Join(", ", others)} to call {AssumeRole}, not {ServicePrincipal}";
            }

            string[] actions = allows.SelectMany(s => s.Actions).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
            if (actions.Length > 0)
            {
                return $"its trust policy allows only {string.Join(", ", actions)}, not {AssumeRole}";
            }

            return $"its trust policy has no statement that allows {AssumeRole}";
        }

        private static string NotPrincipalNotes(IReadOnlyList<TrustStatement> statements) =>
            string.Concat(statements.Where(s => s.UsesNotPrincipal).Select(s =>
                $"; {s.Label} uses NotPrincipal, which IAM does not support in a role trust policy, so it was not counted"));

        private static string Keys(TrustStatement statement) => string.Join(", ", statement.ConditionKeys);

        private static TrustVerdict Unreadable(string reason) => new TrustVerdict(TrustOutcome.Unreadable, reason);
    }
}
