using System;
using System.Collections.Generic;
using System.Linq;

namespace InstanceProfileTools.Sandbox.Admin
{
    /// <summary>Counts AWS requests, so a test can prove that, say, -WhatIf sent nothing mutating.</summary>
    public sealed class RequestStats
    {
        private readonly object _sync = new object();
        private readonly Dictionary<string, long> _byAction = new Dictionary<string, long>(StringComparer.Ordinal);
        private readonly IReadOnlyCollection<string> _servedActions;
        private long _requests;
        private readonly Dictionary<string, long> _throttledByAction = new Dictionary<string, long>(StringComparer.Ordinal);
        private readonly Dictionary<string, long> _byRegion = new Dictionary<string, long>(StringComparer.Ordinal);
        private long _mutations;
        private long _throttled;

        /// <summary>
        /// Creates the counters. Every served action is listed from the start with 0, so a reader can look any
        /// of them up (PowerShell's strict mode refuses a missing property).
        /// </summary>
        public RequestStats(IReadOnlyCollection<string> servedActions)
        {
            _servedActions = servedActions;
            Reset();
        }

        /// <summary>
        /// Whether an action changes state: everything but Get*, List*, Describe*, AssumeRole, which changes no
        /// resource (its sessions are not state the file keeps), so that a -WhatIf preflight that assumes roles
        /// still counts no mutation, and DecodeAuthorizationMessage, which only reads.
        /// </summary>
        public static bool IsMutating(string action) =>
            !(action.StartsWith("Get", StringComparison.Ordinal) || action.StartsWith("List", StringComparison.Ordinal) ||
              action.StartsWith("Describe", StringComparison.Ordinal) || action == "AssumeRole" || action == "DecodeAuthorizationMessage");

        /// <summary>
        /// Counts one request as it arrives (before authentication or faults decide its fate), and the region of its
        /// signature's scope when it has one (unsigned or unreadable: not counted by region).
        /// </summary>
        public void Count(string action, string? region = null)
        {
            lock (_sync)
            {
                _requests++;
                if (!string.IsNullOrEmpty(region))
                {
                    _byRegion[region] = _byRegion.GetValueOrDefault(region) + 1;
                }

                if (action.Length > 0 && IsMutating(action))
                {
                    _mutations++;
                }

                _byAction[action] = _byAction.GetValueOrDefault(action) + 1;
            }
        }

        /// <summary>Counts one request answered with a throttling error (by a bucket, a rate or a rule).</summary>
        public void CountThrottled(string action)
        {
            lock (_sync)
            {
                _throttled++;
                _throttledByAction[action] = _throttledByAction.GetValueOrDefault(action) + 1;
            }
        }

        /// <summary>Zeroes every count.</summary>
        public void Reset()
        {
            lock (_sync)
            {
                _requests = 0;
                _mutations = 0;
                _throttled = 0;
                _byAction.Clear();
                _byRegion.Clear();
                _throttledByAction.Clear();
                foreach (string action in _servedActions)
                {
                    _byAction[action] = 0;
                    _throttledByAction[action] = 0;
                }
            }
        }

        /// <summary>A snapshot in the admin endpoint's JSON shape.</summary>
        public object Snapshot()
        {
            lock (_sync)
            {
                return new
                {
                    requests = _requests,
                    mutations = _mutations,
                    byAction = Sorted(_byAction),
                    byRegion = Sorted(_byRegion),
                    throttled = _throttled,
                    throttledByAction = Sorted(_throttledByAction),
                };
            }
        }

        private static Dictionary<string, long> Sorted(Dictionary<string, long> counts) =>
            counts.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value);
    }
}
