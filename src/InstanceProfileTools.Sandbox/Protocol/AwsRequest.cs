using System;
using System.Collections.Generic;
using System.Globalization;
using InstanceProfileTools.Sandbox.Identity;

namespace InstanceProfileTools.Sandbox.Protocol
{
    /// <summary>One decoded AWS call: its action and its flattened query parameters.</summary>
    public sealed class AwsRequest
    {
        /// <summary>Creates the request.</summary>
        public AwsRequest(ServiceKind service, string action, IReadOnlyDictionary<string, string> parameters, string requestId)
        {
            Service = service;
            Action = action;
            Parameters = parameters;
            RequestId = requestId;
        }

        /// <summary>The service called.</summary>
        public ServiceKind Service { get; }

        /// <summary>The Action parameter.</summary>
        public string Action { get; }

        /// <summary>All parameters, e.g. "Tags.member.1.Key" or "Filter.1.Value.2".</summary>
        public IReadOnlyDictionary<string, string> Parameters { get; }

        /// <summary>The request id the answer carries.</summary>
        public string RequestId { get; }

        /// <summary>The account it acts in: its caller's; null when unsigned.</summary>
        public string? AccountId { get; init; }

        /// <summary>The region of its SigV4 credential scope; null when unsigned.</summary>
        public string? Region { get; init; }

        /// <summary>Who signed it (a user or an assumed-role session); null when it is not validly signed.</summary>
        public CallerIdentity? Caller { get; init; }

        /// <summary>The parameter's value, or null when absent.</summary>
        public string? Get(string name) => Parameters.TryGetValue(name, out string? value) ? value : null;

        /// <summary>
        /// The values of a flattened list: name.1, name.2, ... (EC2) or, with <paramref name="memberInfix"/>
        /// "member", name.member.1, ... (IAM). Stops at the first gap, as AWS does.
        /// </summary>
        public List<string> GetList(string name, string? memberInfix = null)
        {
            var values = new List<string>();
            string prefix = memberInfix == null ? name + "." : name + "." + memberInfix + ".";
            for (int i = 1; Parameters.TryGetValue(prefix + i.ToString(CultureInfo.InvariantCulture), out string? value); i++)
            {
                values.Add(value);
            }

            return values;
        }

        /// <summary>The number of entries of a flattened list of structures (name.member.N.Key ...), by its key member.</summary>
        public int CountStructures(string listPrefix, string keyMember)
        {
            int count = 0;
            while (Parameters.ContainsKey(listPrefix + (count + 1).ToString(CultureInfo.InvariantCulture) + "." + keyMember))
            {
                count++;
            }

            return count;
        }

        /// <summary>Whether any parameter starts with the prefix (a structure or list was given at all).</summary>
        public bool HasAny(string prefix)
        {
            foreach (string key in Parameters.Keys)
            {
                if (key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
