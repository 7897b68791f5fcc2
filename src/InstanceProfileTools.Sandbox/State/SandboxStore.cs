using System;
using InstanceProfileTools.Sandbox.Identity;
using InstanceProfileTools.Sandbox.Permissions;
using InstanceProfileTools.Sandbox.Regions;
using InstanceProfileTools.Sandbox.Settings;

namespace InstanceProfileTools.Sandbox.State
{
    /// <summary>
    /// The sandbox's state, its current settings, its clock and default account: what every AWS call works on.
    /// Callers hold <see cref="Sync"/> for a whole request so that each call is one atomic transaction.
    /// </summary>
    public sealed class SandboxStore
    {
        private readonly SandboxSettings _startupSettings;

        /// <summary>Creates the store with the settings it goes back to on reset; <paramref name="regions"/> defaults to AWS's 17.</summary>
        public SandboxStore(IClock clock, string defaultAccountId, SandboxSettings startupSettings, SandboxState? state = null, RegionCatalog? regions = null)
        {
            Clock = clock;
            DefaultAccountId = defaultAccountId;
            Regions = regions ?? new RegionCatalog();
            _startupSettings = startupSettings.Clone();
            Settings = startupSettings.Clone();
            State = state ?? new SandboxState();
        }

        /// <summary>The one lock around every state transaction.</summary>
        public object Sync { get; } = new object();

        /// <summary>The clock that time-dependent states are computed from.</summary>
        public IClock Clock { get; }

        /// <summary>The 12-digit account of the default key (test/test) and of keys given without an account.</summary>
        public string DefaultAccountId { get; }

        /// <summary>The temporary credentials AssumeRole minted (in memory only: never saved with the state).</summary>
        public SessionRegistry Sessions { get; } = new SessionRegistry();

        /// <summary>Seals and opens EC2's encoded authorization failure messages (a key of this process, never saved).</summary>
        public AuthorizationMessages AuthorizationMessages { get; } = new AuthorizationMessages();

        /// <summary>The regions known and enabled.</summary>
        public RegionCatalog Regions { get; }

        /// <summary>The region of a request whose credential scope names none (an unsigned one, refused anyway).</summary>
        public const string DefaultRegion = "us-east-1";

        /// <summary>The state; replace or change it only while holding <see cref="Sync"/>.</summary>
        public SandboxState State { get; private set; }

        /// <summary>The settings in force; replace them only while holding <see cref="Sync"/>.</summary>
        public SandboxSettings Settings { get; set; }

        /// <summary>Raised (while <see cref="Sync"/> is held) after a call changed the state, for persistence.</summary>
        public event Action? Changed;

        /// <summary>Forgets all state and every minted session, and goes back to the startup settings.</summary>
        public void Reset()
        {
            lock (Sync)
            {
                State = new SandboxState();
                Sessions.Clear();
                Settings = _startupSettings.Clone();
                Changed?.Invoke();
            }
        }

        /// <summary>Tells listeners that the state changed; call while holding <see cref="Sync"/>.</summary>
        public void NotifyChanged() => Changed?.Invoke();

        /// <summary>Shorthand for a duration in milliseconds.</summary>
        public static TimeSpan Ms(int milliseconds) => TimeSpan.FromMilliseconds(milliseconds);
    }
}
