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
    /// IAM's instance profiles and roles in memory, with its eventual consistency: a new role is NoSuchEntity to
    /// AddRoleToInstanceProfile for <see cref="RolePropagation"/>, and a new profile is not found by the first
    /// <see cref="InvisibleReadsAfterCreate"/> GetInstanceProfile calls.
    /// </summary>
    internal sealed class FakeIam : IIamApi
    {
        public const string Account = "123456789012";

        private readonly FakeClock _clock;
        private readonly object _sync = new();
        private readonly Dictionary<string, IamInstanceProfile> _profiles = new();
        private readonly Dictionary<string, DateTimeOffset> _roles = new();
        private readonly List<string> _calls = new();
        private int _invisibleReads;

        public FakeIam(FakeClock clock)
        {
            _clock = clock;
        }

        public TimeSpan RolePropagation { get; set; }

        public int InvisibleReadsAfterCreate { get; set; }

        /// <summary>Called as a CreateInstanceProfile arrives, before it is done: lets a rival's create win the race.</summary>
        public Action<string>? BeforeCreate { get; set; }

        /// <summary>Another caller's profile, created just now: unknown to the next <paramref name="invisibleReads"/> reads.</summary>
        public void RivalCreates(string profileName, string roleName, int invisibleReads)
        {
            lock (_sync)
            {
                AddProfile(profileName, roleName);
                _invisibleReads = invisibleReads;
            }
        }

        /// <summary>Called when a profile is created, so that EC2 learns of it (after its own delay).</summary>
        public Action<string>? OnProfileCreated { get; set; }

        public IReadOnlyList<string> Calls
        {
            get { lock (_sync) return _calls.ToList(); }
        }

        public static string ArnOf(string profileName) => $"arn:aws:iam::{Account}:instance-profile/{profileName}";

        public void AddRole(string roleName)
        {
            lock (_sync) _roles[roleName] = _clock.UtcNow;
        }

        /// <summary>A profile (and its role, if any) that exist already; answers its ARN.</summary>
        public string AddProfile(string profileName, string? roleName)
        {
            lock (_sync)
            {
                if (roleName is not null && !_roles.ContainsKey(roleName))
                {
                    _roles[roleName] = _clock.UtcNow - TimeSpan.FromDays(1);
                }

                _profiles[profileName] = Profile(profileName, roleName);
                return ArnOf(profileName);
            }
        }

        public Task<IamInstanceProfile> CreateInstanceProfileAsync(string name, string? path, IReadOnlyList<Tag>? tags, CancellationToken cancellationToken) =>
            Call($"CreateInstanceProfile {name}", () =>
            {
                BeforeCreate?.Invoke(name);
                if (_profiles.ContainsKey(name))
                {
                    throw FakeErrors.Iam(AwsCall.Iam("CreateInstanceProfile", ("InstanceProfileName", name)), "EntityAlreadyExists", $"Instance Profile {name} already exists.", 409);
                }

                _profiles[name] = Profile(name, null);
                _invisibleReads = InvisibleReadsAfterCreate;
                OnProfileCreated?.Invoke(ArnOf(name));
                return _profiles[name];
            });

        public Task AddRoleToInstanceProfileAsync(string instanceProfileName, string roleName, CancellationToken cancellationToken) =>
            Call($"AddRoleToInstanceProfile {instanceProfileName} {roleName}", () =>
            {
                if (!_roles.TryGetValue(roleName, out DateTimeOffset created) || _clock.UtcNow < created + RolePropagation)
                {
                    throw FakeErrors.Iam(AwsCall.Iam("AddRoleToInstanceProfile", ("InstanceProfileName", instanceProfileName), ("RoleName", roleName)), "NoSuchEntity", $"The role with name {roleName} cannot be found.", 404);
                }

                _profiles[instanceProfileName] = Profile(instanceProfileName, roleName);
                return true;
            });

        public Task<IamInstanceProfile> GetInstanceProfileAsync(string name, CancellationToken cancellationToken) =>
            Call($"GetInstanceProfile {name}", () =>
            {
                if (!_profiles.TryGetValue(name, out IamInstanceProfile? profile) || _invisibleReads-- > 0)
                {
                    throw FakeErrors.Iam(AwsCall.Iam("GetInstanceProfile", ("InstanceProfileName", name)), "NoSuchEntity", $"Instance Profile {name} cannot be found.", 404);
                }

                return profile;
            });

        public Task<Page<IamInstanceProfile>> ListInstanceProfilesForRoleAsync(string roleName, string? marker, int? maxItems, CancellationToken cancellationToken) =>
            Call($"ListInstanceProfilesForRole {roleName}", () =>
            {
                if (!_roles.ContainsKey(roleName))
                {
                    throw FakeErrors.Iam(AwsCall.Iam("ListInstanceProfilesForRole", ("RoleName", roleName)), "NoSuchEntity", $"The role with name {roleName} cannot be found.", 404);
                }

                return new Page<IamInstanceProfile>(_profiles.Values.Where(p => p.Roles.Any(r => r.RoleName == roleName)).OrderBy(p => p.InstanceProfileName).ToList(), null);
            });

        public Task DeleteInstanceProfileAsync(string name, CancellationToken cancellationToken) =>
            Call($"DeleteInstanceProfile {name}", () => _profiles.Remove(name));

        public Task<Page<IamInstanceProfile>> ListInstanceProfilesAsync(string? pathPrefix, string? marker, int? maxItems, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task RemoveRoleFromInstanceProfileAsync(string instanceProfileName, string roleName, CancellationToken cancellationToken) =>
            Call($"RemoveRoleFromInstanceProfile {instanceProfileName} {roleName}", () => true);

        public Task TagInstanceProfileAsync(string name, IReadOnlyList<Tag> tags, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task UntagInstanceProfileAsync(string name, IReadOnlyList<string> tagKeys, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<Page<Tag>> ListInstanceProfileTagsAsync(string name, string? marker, int? maxItems, CancellationToken cancellationToken) => throw new NotSupportedException();

        /// <summary>Trust policies set by tests; every other role trusts EC2, as roles for instances do.</summary>
        public Dictionary<string, string> TrustPolicies { get; } = new();

        public const string Ec2TrustPolicy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

        public Task<IamRole> GetRoleAsync(string roleName, CancellationToken cancellationToken) =>
            Call($"GetRole {roleName}", () =>
            {
                if (!_roles.ContainsKey(roleName))
                {
                    throw FakeErrors.Iam(AwsCall.Iam("GetRole", ("RoleName", roleName)), "NoSuchEntity", $"The role with name {roleName} cannot be found.", 404);
                }

                return Role(roleName) with { AssumeRolePolicyDocument = TrustPolicies.TryGetValue(roleName, out string? policy) ? policy : Ec2TrustPolicy };
            });

        public Task<IamRole> CreateRoleAsync(string roleName, string assumeRolePolicyDocument, string? path, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task DeleteRoleAsync(string roleName, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<Page<IamRole>> ListRolesAsync(string? pathPrefix, string? marker, int? maxItems, CancellationToken cancellationToken) => throw new NotSupportedException();

        private static IamRole Role(string roleName) =>
            new(roleName, "AROA" + roleName.GetHashCode().ToString("x8"), $"arn:aws:iam::{Account}:role/{roleName}", "/", DateTime.UtcNow);

        private static IamInstanceProfile Profile(string name, string? roleName) =>
            new(name, "AIPA" + name.GetHashCode().ToString("x8"), ArnOf(name), "/", DateTime.UtcNow,
                roleName is null ? Array.Empty<IamRole>() : new[] { Role(roleName) }, Array.Empty<Tag>());

        private async Task<T> Call<T>(string description, Func<T> work)
        {
            await Task.Yield();
            lock (_sync)
            {
                _calls.Add(description);
                return work();
            }
        }
    }
}
