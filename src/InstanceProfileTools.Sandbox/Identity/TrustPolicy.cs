using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using InstanceProfileTools.Sandbox.Protocol;

namespace InstanceProfileTools.Sandbox.Identity
{
    /// <summary>
    /// Decides whether a role's trust policy (its AssumeRolePolicyDocument) lets a principal assume it, as IAM's policy
    /// evaluation does for sts:AssumeRole: an explicit Deny wins, else an Allow is needed, else it is denied. What
    /// it reads: Effect; Action as a string or list (wildcards, without case); Principal "*", {"AWS": ...} as a
    /// string or list of "*", an account id, an account's root ARN, a role ARN, a user ARN or an assumed-role ARN, or
    /// {"Service": ...} as a string or list of service principals (ec2.amazonaws.com); Condition StringEquals /
    /// StringLike on sts:ExternalId. Anything else it cannot check (NotPrincipal, NotAction, other condition operators
    /// or keys, Federated principals) makes the statement not apply. A caller is never a Service principal and a
    /// service is never an AWS principal; "*" names both.
    /// </summary>
    public static class TrustPolicy
    {
        private const string AssumeRoleAction = "sts:AssumeRole";
        private const string ExternalIdKey = "sts:ExternalId";

        private static readonly Regex s_accountRoot = new Regex(@"^arn:aws:iam::([0-9]{12}):root\z", RegexOptions.CultureInvariant);
        private static readonly Regex s_accountId = new Regex(@"^[0-9]{12}\z", RegexOptions.CultureInvariant);

        /// <summary>Whether <paramref name="caller"/> may assume the role with this external id (null when none was given).</summary>
        public static bool Allows(string document, CallerIdentity caller, string? externalId) =>
            Evaluate(document, principal => PrincipalMatches(principal, "AWS", p => NamesCaller(p, caller)), externalId);

        /// <summary>
        /// Whether the service principal (ec2.amazonaws.com, say) may assume the role: what EC2 needs to serve an
        /// instance its role's credentials (EVIDENCE row 27). A service passes no external id, so a statement with an
        /// sts:ExternalId condition does not let it in.
        /// </summary>
        public static bool AllowsService(string document, string servicePrincipal) =>
            Evaluate(document, principal => PrincipalMatches(principal, "Service", p => string.Equals(p, servicePrincipal, StringComparison.OrdinalIgnoreCase)), null);

        /// <summary>Deny wins, else an Allow is needed: over the statements whose principal <paramref name="principalMatches"/>.</summary>
        private static bool Evaluate(string document, Func<JsonElement, bool> principalMatches, string? externalId)
        {
            JsonDocument parsed;
            try
            {
                parsed = JsonDocument.Parse(document);
            }
            catch (JsonException)
            {
                return false;
            }

            using (parsed)
            {
                bool allowed = false;
                foreach (JsonElement statement in Statements(parsed.RootElement))
                {
                    if (!Applies(statement, principalMatches, externalId))
                    {
                        continue;
                    }

                    string? effect = Text(statement, "Effect");
                    if (effect == "Deny")
                    {
                        return false;
                    }

                    allowed |= effect == "Allow";
                }

                return allowed;
            }
        }

        private static IEnumerable<JsonElement> Statements(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("Statement", out JsonElement statement))
            {
                return Array.Empty<JsonElement>();
            }

            return statement.ValueKind == JsonValueKind.Array ? statement.EnumerateArray().ToList() : new[] { statement };
        }

        private static bool Applies(JsonElement statement, Func<JsonElement, bool> principalMatches, string? externalId)
        {
            if (statement.ValueKind != JsonValueKind.Object || statement.TryGetProperty("NotPrincipal", out _) || statement.TryGetProperty("NotAction", out _))
            {
                return false;
            }

            bool action = statement.TryGetProperty("Action", out JsonElement actions) &&
                Strings(actions).Any(a => Wildcard.Matches(a, AssumeRoleAction, ignoreCase: true));
            return action && statement.TryGetProperty("Principal", out JsonElement principal) && principalMatches(principal) &&
                ConditionHolds(statement, externalId);
        }

        /// <summary>Whether a Principal is "*" or an object whose <paramref name="kind"/> member (AWS, Service) holds a name that <paramref name="names"/>.</summary>
        private static bool PrincipalMatches(JsonElement principal, string kind, Func<string, bool> names)
        {
            if (principal.ValueKind == JsonValueKind.String)
            {
                return principal.GetString() == "*";
            }

            return principal.ValueKind == JsonValueKind.Object && principal.TryGetProperty(kind, out JsonElement named) &&
                Strings(named).Any(names);
        }

        /// <summary>Whether one AWS principal names the caller: anyone, its account, its user, its session or its role.</summary>
        private static bool NamesCaller(string principal, CallerIdentity caller)
        {
            if (principal == "*")
            {
                return true;
            }

            if (s_accountId.IsMatch(principal))
            {
                return principal == caller.AccountId;
            }

            Match root = s_accountRoot.Match(principal);
            if (root.Success)
            {
                return root.Groups[1].Value == caller.AccountId;
            }

            // A user ARN, an assumed-role session ARN, or (role chaining) the ARN of the role the caller's session assumed.
            return principal == caller.Arn || (caller.RoleArn != null && principal == caller.RoleArn);
        }

        /// <summary>Every condition must hold; the only key the sandbox knows is sts:ExternalId, under StringEquals or StringLike.</summary>
        private static bool ConditionHolds(JsonElement statement, string? externalId)
        {
            if (!statement.TryGetProperty("Condition", out JsonElement condition))
            {
                return true;
            }

            if (condition.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            foreach (JsonProperty @operator in condition.EnumerateObject())
            {
                bool like = @operator.Name == "StringLike";
                if ((!like && @operator.Name != "StringEquals") || @operator.Value.ValueKind != JsonValueKind.Object)
                {
                    return false;
                }

                foreach (JsonProperty key in @operator.Value.EnumerateObject())
                {
                    bool holds = externalId != null && string.Equals(key.Name, ExternalIdKey, StringComparison.OrdinalIgnoreCase) &&
                        Strings(key.Value).Any(v => like ? Wildcard.Matches(v, externalId) : v == externalId);
                    if (!holds)
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        /// <summary>A policy value that is a string or a list of strings; anything else holds none.</summary>
        private static IEnumerable<string> Strings(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.String => new[] { value.GetString()! },
            JsonValueKind.Array => value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList(),
            _ => Array.Empty<string>(),
        };

        private static string? Text(JsonElement statement, string name) =>
            statement.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
