using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core.Diagnostics;
using InstanceProfileTools.Core;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Ports;

namespace InstanceProfileTools.Core.Tests.Support
{
    /// <summary>
    /// EC2's associations in memory, with AWS's rules: a replace answers a new association that is associating for
    /// <see cref="AssociatingTime"/>, the old one disassociating for <see cref="DisassociatingTime"/>; a replace on a
    /// stopped instance is IncorrectState; a profile is unknown until <see cref="KnowProfile"/>'s time. States are
    /// computed from the fake clock.
    /// </summary>
    internal sealed class FakeEc2 : IEc2Api
    {
        private readonly FakeClock _clock;
        private readonly object _sync = new();
        private readonly List<Association> _associations = new();
        private readonly Dictionary<string, InstanceState> _instances = new();
        private readonly Dictionary<string, DateTimeOffset> _profileKnownAt = new();
        private readonly Dictionary<string, DateTimeOffset> _pendingUntil = new();
        private readonly List<string> _calls = new();
        private readonly Dictionary<string, Dictionary<string, string>> _tags = new();
        private readonly Dictionary<string, List<(LaunchTemplateVersion Version, string? Token)>> _templates = new();
        private readonly Dictionary<string, long> _defaults = new();
        private int _next;
        private int _inFlight;

        public FakeEc2(FakeClock clock)
        {
            _clock = clock;
        }

        public TimeSpan AssociatingTime { get; set; } = TimeSpan.FromSeconds(3);

        public TimeSpan DisassociatingTime { get; set; } = TimeSpan.FromSeconds(3);

        /// <summary>Answers an error to throw instead of doing the call, or null to do it.</summary>
        public Func<FakeEc2Call, Exception?>? Fault { get; set; }

        /// <summary>Profiles whose associations never leave associating (the sandbox's "stuck" fault).</summary>
        public HashSet<string> StuckProfiles { get; } = new();

        /// <summary>Answers an error to throw after doing the call (a lost response, the sandbox's failAfter), or null.</summary>
        public Func<FakeEc2Call, Exception?>? FailAfter { get; set; }

        /// <summary>Replace does its work, then answers this error anyway (a lost response), this many times.</summary>
        public int LostReplaceResponses { get; set; }

        /// <summary>When set, each mutating call waits for it: lets a test hold instances in flight.</summary>
        public TaskCompletionSource<bool>? MutationGate { get; set; }

        /// <summary>When set, each association read waits for it: lets a test add a fleet before anything is read.</summary>
        public TaskCompletionSource<bool>? ReadGate { get; set; }

        /// <summary>Awaited before each association read does its work: lets a test count the reads in flight across regions.</summary>
        public Func<Task>? BeforeRead { get; set; }

        /// <summary>What DescribeRegions answers: the regions enabled for the account.</summary>
        public IReadOnlyList<string> EnabledRegions { get; set; } = new[] { "us-east-1" };

        /// <summary>The most mutating calls that were ever in flight at once.</summary>
        public int MaxConcurrentMutations { get; private set; }

        public int MutationsInFlight => Volatile.Read(ref _inFlight);

        public IReadOnlyList<string> Calls
        {
            get { lock (_sync) return _calls.ToList(); }
        }

        /// <summary>The instance ids of each DescribeIamInstanceProfileAssociations call, in order.</summary>
        public IReadOnlyList<string[]> AssociationReads =>
            Calls.Where(c => c.StartsWith("Describe ", StringComparison.Ordinal)).Select(c => c.Substring("Describe ".Length).Split(',')).ToList();

        /// <summary>DescribeIamInstanceProfileAssociations calls of any kind, filtered by instance or not.</summary>
        public int AssociationReadCount => Calls.Count(c => c == "Describe" || c.StartsWith("Describe ", StringComparison.Ordinal));

        public int MutatingCalls => Calls.Count(c => c.StartsWith("Associate", StringComparison.Ordinal) || c.StartsWith("Replace", StringComparison.Ordinal) || c.StartsWith("Disassociate", StringComparison.Ordinal));

        public void AddInstance(string instanceId, InstanceState state = InstanceState.Running)
        {
            lock (_sync) _instances[instanceId] = state;
        }

        /// <summary>The instance is pending for this long, then running (as after a launch or a start).</summary>
        public void MakePending(string instanceId, TimeSpan duration)
        {
            lock (_sync)
            {
                _instances[instanceId] = InstanceState.Pending;
                _pendingUntil[instanceId] = _clock.UtcNow + duration;
            }
        }

        public void KnowProfile(string arn, TimeSpan after = default)
        {
            lock (_sync) _profileKnownAt[arn] = _clock.UtcNow + after;
        }

        /// <summary>Puts an instance on a profile, associated already (or associating for <paramref name="associatingFor"/>).</summary>
        public string Attach(string instanceId, string arn, TimeSpan associatingFor = default)
        {
            lock (_sync)
            {
                KnowProfile(arn);
                var association = new Association(NewId(), instanceId, arn, _clock.UtcNow - AssociatingTime + associatingFor);
                _associations.Add(association);
                return association.Id;
            }
        }

        /// <summary>Changes what an association points at behind the module's back.</summary>
        public void Repoint(string associationId, string arn)
        {
            lock (_sync) _associations.Single(a => a.Id == associationId).Arn = arn;
        }

        /// <summary>Replaces the instance's live association as another caller would, behind the module's back; answers the new id.</summary>
        public string ReplaceAsRival(string instanceId, string arn)
        {
            lock (_sync)
            {
                Association old = Live(instanceId).Single();
                old.RetiredAt = _clock.UtcNow;
                return Create(instanceId, arn).AssociationId;
            }
        }

        /// <summary>The profile the instance runs with (associated or associating), or null.</summary>
        public string? ProfileOf(string instanceId)
        {
            lock (_sync) return Live(instanceId).FirstOrDefault()?.Arn;
        }

        /// <summary>The state of the instance's live association, or null.</summary>
        public AssociationState? StateOf(string instanceId)
        {
            lock (_sync) return Live(instanceId).Select(a => (AssociationState?)State(a)).FirstOrDefault();
        }

        /// <summary>The id of the instance's live association, or null.</summary>
        public string? AssociationOf(string instanceId)
        {
            lock (_sync) return Live(instanceId).FirstOrDefault()?.Id;
        }

        public Task<ProfileAssociation> AssociateIamInstanceProfileAsync(string instanceId, ProfileReference profile, CancellationToken cancellationToken) =>
            CallAsync("Associate", instanceId, profile.Arn, () =>
            {
                if (InstanceStateNow(instanceId) is not (InstanceState.Running or InstanceState.Stopped))
                {
                    throw FakeErrors.Ec2(AwsCall.Ec2("AssociateIamInstanceProfile", ("InstanceId", instanceId)), "IncorrectInstanceState", $"The instance '{instanceId}' is not in the 'running' or 'stopped' states.");
                }

                RequireKnown("AssociateIamInstanceProfile", profile.Arn!);
                if (Live(instanceId).Any())
                {
                    throw FakeErrors.Ec2(AwsCall.Ec2("AssociateIamInstanceProfile", ("InstanceId", instanceId)), "IncorrectState", $"There is an existing association for instance {instanceId}");
                }

                return Create(instanceId, profile.Arn!);
            });

        public Task<ProfileAssociation> ReplaceIamInstanceProfileAssociationAsync(string associationId, ProfileReference profile, CancellationToken cancellationToken) =>
            CallAsync("Replace", associationId, profile.Arn, () =>
            {
                Association? old = _associations.FirstOrDefault(a => a.Id == associationId && a.RetiredAt is null);
                if (old is null || InstanceStateNow(old.InstanceId) != InstanceState.Running)
                {
                    throw FakeErrors.Ec2(AwsCall.Ec2("ReplaceIamInstanceProfileAssociation", ("AssociationId", associationId)), "IncorrectState", $"The association {associationId} is not the active association.");
                }

                RequireKnown("ReplaceIamInstanceProfileAssociation", profile.Arn!);
                old.RetiredAt = _clock.UtcNow;
                ProfileAssociation created = Create(old.InstanceId, profile.Arn!);
                if (LostReplaceResponses > 0)
                {
                    LostReplaceResponses--;
                    throw FakeErrors.Ec2Unavailable();
                }

                return created;
            });

        public Task<ProfileAssociation> DisassociateIamInstanceProfileAsync(string associationId, CancellationToken cancellationToken) =>
            CallAsync("Disassociate", associationId, null, () =>
            {
                Association association = _associations.SingleOrDefault(a => a.Id == associationId && a.RetiredAt is null)
                    ?? throw FakeErrors.Ec2(AwsCall.Ec2("DisassociateIamInstanceProfile", ("AssociationId", associationId)), "InvalidAssociationID.NotFound", $"The association ID '{associationId}' does not exist");
                association.RetiredAt = _clock.UtcNow;
                return association.ToModel(State(association));
            });

        public async Task<Page<ProfileAssociation>> DescribeIamInstanceProfileAssociationsAsync(AssociationQuery query, string? nextToken, int? maxResults, CancellationToken cancellationToken)
        {
            return await CallAsync("Describe", string.Join(",", query.InstanceIds), null, () =>
            {
                var items = _associations
                    .Where(a => query.InstanceIds.Count == 0 || query.InstanceIds.Contains(a.InstanceId))
                    .Where(a => query.AssociationIds.Count == 0 || query.AssociationIds.Contains(a.Id))
                    .Select(a => a.ToModel(State(a)))
                    .Where(a => a.State != AssociationState.Disassociated)
                    .Where(a => query.States.Count == 0 || query.States.Contains(a.State))
                    .ToList();
                return new Page<ProfileAssociation>(items, null);
            }).ConfigureAwait(false);
        }

        public Task<IReadOnlyList<string>> DescribeRegionsAsync(CancellationToken cancellationToken) =>
            CallAsync("DescribeRegions", string.Empty, null, () => EnabledRegions);

        public Task<IReadOnlyDictionary<string, InstanceState>> DescribeInstanceStatesAsync(IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) =>
            CallAsync("DescribeInstances", string.Join(",", instanceIds), null, () => (IReadOnlyDictionary<string, InstanceState>)instanceIds
                .Where(_instances.ContainsKey)
                .Distinct()
                .ToDictionary(id => id, InstanceStateNow));

        public Task<Page<string>> DescribeInstanceIdsAsync(string? nextToken, int? maxResults, CancellationToken cancellationToken) =>
            CallAsync("DescribeInstances", string.Empty, null, () => new Page<string>(
                _instances.Where(pair => pair.Value != InstanceState.Terminated).Select(pair => pair.Key).ToList(), null));

        /// <summary>Gives the instance the tags AWS puts on what a template, group or stack launched.</summary>
        public void Tag(string instanceId, params (string Key, string Value)[] tags)
        {
            lock (_sync)
            {
                if (!_tags.TryGetValue(instanceId, out Dictionary<string, string>? existing)) _tags[instanceId] = existing = new Dictionary<string, string>();
                foreach ((string key, string value) in tags) existing[key] = value;
            }
        }

        /// <summary>A launch template whose version 1, the default, launches with <paramref name="profileArn"/>.</summary>
        public void AddLaunchTemplate(string launchTemplateId, string? profileArn)
        {
            lock (_sync)
            {
                _templates[launchTemplateId] = new List<(LaunchTemplateVersion, string?)> { (new LaunchTemplateVersion(launchTemplateId, "web", 1, true, profileArn, null), null) };
                _defaults[launchTemplateId] = 1;
            }
        }

        /// <summary>Every version of the template, oldest first, with its default flag as of now.</summary>
        public IReadOnlyList<LaunchTemplateVersion> VersionsOf(string launchTemplateId)
        {
            lock (_sync) return _templates[launchTemplateId].Select(v => v.Version with { IsDefault = v.Version.VersionNumber == _defaults[launchTemplateId] }).ToList();
        }

        public long DefaultOf(string launchTemplateId)
        {
            lock (_sync) return _defaults[launchTemplateId];
        }

        public Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> DescribeInstanceTagsAsync(IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) =>
            CallAsync("DescribeInstances", string.Join(",", instanceIds), null, () => (IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>)instanceIds
                .Where(_instances.ContainsKey)
                .Distinct()
                .ToDictionary(id => id, id => (IReadOnlyDictionary<string, string>)(_tags.TryGetValue(id, out Dictionary<string, string>? tags) ? new Dictionary<string, string>(tags) : new Dictionary<string, string>())));

        public Task<LaunchTemplateVersion> DescribeDefaultLaunchTemplateVersionAsync(string launchTemplateId, CancellationToken cancellationToken) =>
            CallAsync("DescribeLaunchTemplateVersions", launchTemplateId, null, () => VersionsOf(Template(launchTemplateId)).Single(v => v.IsDefault));

        public Task<LaunchTemplateVersion> CreateLaunchTemplateVersionAsync(
            string launchTemplateId, long sourceVersion, string instanceProfileArn, string description, string clientToken, CancellationToken cancellationToken) =>
            CallAsync("CreateLaunchTemplateVersion", launchTemplateId, instanceProfileArn, () =>
            {
                List<(LaunchTemplateVersion Version, string? Token)> versions = _templates[Template(launchTemplateId)];
                if (versions.FirstOrDefault(v => v.Token == clientToken).Version is { } made) return made;
                LaunchTemplateVersion source = versions.Single(v => v.Version.VersionNumber == sourceVersion).Version;
                LaunchTemplateVersion created = source with { VersionNumber = versions.Max(v => v.Version.VersionNumber) + 1, IsDefault = false, InstanceProfileArn = instanceProfileArn, InstanceProfileName = null };
                versions.Add((created, clientToken));
                return created;
            });

        public Task SetDefaultLaunchTemplateVersionAsync(string launchTemplateId, long version, CancellationToken cancellationToken) =>
            CallAsync("ModifyLaunchTemplate", launchTemplateId, null, () => _defaults[Template(launchTemplateId)] = version);

        private string Template(string launchTemplateId) =>
            _templates.ContainsKey(launchTemplateId)
                ? launchTemplateId
                : throw FakeErrors.Ec2(AwsCall.Ec2("DescribeLaunchTemplateVersions", ("LaunchTemplateId", launchTemplateId)), "InvalidLaunchTemplateId.NotFound", $"The specified launch template, with template ID {launchTemplateId}, does not exist.");

        private async Task<T> CallAsync<T>(string action, string subject, string? arn, Func<T> work)
        {
            bool mutating = action is "Associate" or "Replace" or "Disassociate" or "CreateLaunchTemplateVersion" or "ModifyLaunchTemplate";
            if (mutating) Enter();
            try
            {
                await Task.Yield();
                if ((mutating ? MutationGate : action == "Describe" ? ReadGate : null) is { } gate)
                {
                    await gate.Task.ConfigureAwait(false);
                }

                if (action == "Describe" && BeforeRead is { } beforeRead)
                {
                    await beforeRead().ConfigureAwait(false);
                }

                lock (_sync)
                {
                    _calls.Add($"{action} {subject} {arn}".TrimEnd());
                    if (Fault?.Invoke(new FakeEc2Call(action, subject, arn)) is Exception fault)
                    {
                        throw fault;
                    }

                    T answer = work();
                    if (FailAfter?.Invoke(new FakeEc2Call(action, subject, arn)) is Exception lost)
                    {
                        throw lost;
                    }

                    return answer;
                }
            }
            finally
            {
                if (mutating) Interlocked.Decrement(ref _inFlight);
            }
        }

        private void Enter()
        {
            int now = Interlocked.Increment(ref _inFlight);
            lock (_sync) MaxConcurrentMutations = Math.Max(MaxConcurrentMutations, now);
        }

        private InstanceState InstanceStateNow(string instanceId)
        {
            if (_instances[instanceId] == InstanceState.Pending && _clock.UtcNow >= _pendingUntil[instanceId])
            {
                _instances[instanceId] = InstanceState.Running;
            }

            return _instances[instanceId];
        }

        private IEnumerable<Association> Live(string instanceId) =>
            _associations.Where(a => a.InstanceId == instanceId && a.RetiredAt is null);

        private void RequireKnown(string action, string arn)
        {
            if (!_profileKnownAt.TryGetValue(arn, out DateTimeOffset at) || _clock.UtcNow < at)
            {
                throw FakeErrors.UnknownProfile(action, arn);
            }
        }

        private ProfileAssociation Create(string instanceId, string arn)
        {
            var association = new Association(NewId(), instanceId, arn, _clock.UtcNow) { Stuck = StuckProfiles.Contains(arn) };
            _associations.Add(association);
            return association.ToModel(State(association));
        }

        private AssociationState State(Association association)
        {
            DateTimeOffset now = _clock.UtcNow;
            if (association.RetiredAt is { } retired)
            {
                return now < retired + DisassociatingTime ? AssociationState.Disassociating : AssociationState.Disassociated;
            }

            return association.Stuck || now < association.CreatedAt + AssociatingTime ? AssociationState.Associating : AssociationState.Associated;
        }

        private string NewId() => $"iip-assoc-{Interlocked.Increment(ref _next):x17}";

        private sealed class Association
        {
            public Association(string id, string instanceId, string arn, DateTimeOffset createdAt)
            {
                Id = id;
                InstanceId = instanceId;
                Arn = arn;
                CreatedAt = createdAt;
            }

            public string Id { get; }

            public string InstanceId { get; }

            public string Arn { get; set; }

            public DateTimeOffset CreatedAt { get; }

            public DateTimeOffset? RetiredAt { get; set; }

            public bool Stuck { get; set; }

            public ProfileAssociation ToModel(AssociationState state) =>
                new(Id, InstanceId, Arn, "AIPA" + Id.Substring(10, 8), state, CreatedAt.UtcDateTime);
        }
    }
}
