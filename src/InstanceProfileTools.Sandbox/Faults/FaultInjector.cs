using System;
using System.Collections.Generic;
using System.Linq;
using InstanceProfileTools.Sandbox.Protocol;
using InstanceProfileTools.Sandbox.Settings;
using InstanceProfileTools.Sandbox.State;

namespace InstanceProfileTools.Sandbox.Faults
{
    /// <summary>
    /// Decides, per request, which configured fault hits it. Random choices come from one generator seeded by
    /// faults.seed, re-seeded whenever the settings change, so a run with the same requests is reproducible.
    /// </summary>
    public sealed class FaultInjector
    {
        private readonly SandboxStore _store;
        private readonly object _sync = new object();
        private SandboxSettings? _settingsSeen;
        private Random _random = new Random();
        private Dictionary<FaultRule, int> _ruleMatches = new Dictionary<FaultRule, int>();
        private TokenBucket? _iamBucket;
        private TokenBucket? _ec2Bucket;
        private Ec2RequestLimiter _requestLimits = new Ec2RequestLimiter(RateLimitSettings.Off);

        /// <summary>Creates the injector over the store's settings.</summary>
        public FaultInjector(SandboxStore store)
        {
            _store = store;
        }

        /// <summary>The service's throttling error: IAM and STS Throttling 400, EC2 RequestLimitExceeded 503.</summary>
        public static AwsServiceException Throttling(ServiceKind service) => service != ServiceKind.Ec2
            ? new AwsServiceException("Throttling", "Rate exceeded", 400)
            : new AwsServiceException("RequestLimitExceeded", "Request limit exceeded.", 503);

        /// <summary>Whether an answer is a throttling one, whatever rule chose it.</summary>
        public static bool IsThrottling(AwsServiceException error) =>
            error.Code == "Throttling" || error.Code == "RequestLimitExceeded";

        /// <summary>The service's internal error: IAM (and STS) ServiceFailure 500, EC2 InternalError 500.</summary>
        public static AwsServiceException ServerError(ServiceKind service) => service != ServiceKind.Ec2
            ? new AwsServiceException("ServiceFailure", "The request processing has failed because of an unknown error, exception or failure.", 500)
            : new AwsServiceException("InternalError", "An internal error has occurred", 500);

        /// <summary>Decides what happens to this (authenticated) request.</summary>
        public FaultDecision Decide(AwsRequest request)
        {
            lock (_sync)
            {
                SandboxSettings settings = _store.Settings;
                DateTimeOffset now = _store.Clock.UtcNow;
                if (!ReferenceEquals(settings, _settingsSeen))
                {
                    Restart(settings, now);
                }

                FaultSettings faults = settings.Faults;
                if (Roll(faults.DropConnectionRate))
                {
                    return new FaultDecision(true, null, null, false);
                }

                // STS has neither per-service bucket: the knobs are named for IAM and EC2.
                TokenBucket? bucket = request.Service switch
                {
                    ServiceKind.Iam => _iamBucket,
                    ServiceKind.Ec2 => _ec2Bucket,
                    _ => null,
                };
                if (!_requestLimits.TryTake(request, _store.DefaultAccountId, now) || (bucket != null && !bucket.TryTake(now)) || Roll(faults.ThrottleRate))
                {
                    return new FaultDecision(false, Throttling(request.Service), null, false);
                }

                if (Roll(faults.ServerErrorRate))
                {
                    return new FaultDecision(false, ServerError(request.Service), null, false);
                }

                return ApplyRules(faults.Rules, request);
            }
        }

        private FaultDecision ApplyRules(IEnumerable<FaultRule> rules, AwsRequest request)
        {
            FaultRule? hit = null;
            foreach (FaultRule rule in rules.Where(r => Matches(r, request)))
            {
                int seen = _ruleMatches.GetValueOrDefault(rule);
                _ruleMatches[rule] = seen + 1;
                bool fires = seen >= rule.Skip && (rule.Count == -1 || seen < rule.Skip + rule.Count);
                if (fires && hit == null)
                {
                    hit = rule;
                }
            }

            if (hit == null)
            {
                return FaultDecision.None;
            }

            if (hit.Effect == FaultEffects.Stuck)
            {
                return new FaultDecision(false, null, null, true);
            }

            AwsServiceException error = hit.ErrorCode == null
                ? Throttling(request.Service)
                : new AwsServiceException(hit.ErrorCode, hit.Message ?? "Injected fault.", hit.Status ?? 400);
            return hit.Effect == FaultEffects.FailAfter
                ? new FaultDecision(false, null, error, false)
                : new FaultDecision(false, error, null, false);
        }

        private static bool Matches(FaultRule rule, AwsRequest request) =>
            (rule.Action == null || rule.Action == "*" || string.Equals(rule.Action, request.Action, StringComparison.Ordinal)) &&
            (rule.Region == null || string.Equals(rule.Region, request.Region, StringComparison.Ordinal)) &&
            (rule.Match == null || rule.Match.All(m => string.Equals(request.Get(m.Key), m.Value, StringComparison.Ordinal)));

        private void Restart(SandboxSettings settings, DateTimeOffset now)
        {
            _settingsSeen = settings;
            FaultSettings faults = settings.Faults;
            _random = faults.Seed is int seed ? new Random(seed) : new Random();
            _ruleMatches = new Dictionary<FaultRule, int>();
            _iamBucket = faults.IamRequestsPerSecond > 0 ? new TokenBucket(faults.IamRequestsPerSecond, faults.IamBurst, now) : null;
            _ec2Bucket = faults.Ec2RequestsPerSecond > 0 ? new TokenBucket(faults.Ec2RequestsPerSecond, faults.Ec2Burst, now) : null;
            _requestLimits = new Ec2RequestLimiter(faults.RateLimits);
        }

        private bool Roll(double rate) => rate > 0 && _random.NextDouble() < rate;
    }
}
