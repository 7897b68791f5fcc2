using System;
using InstanceProfileTools.Sandbox.State;

namespace InstanceProfileTools.Sandbox.Tests.Support
{
    /// <summary>The real clock, until told to fail: a way to make the server hit an unexpected exception.</summary>
    internal sealed class ThrowingClock : IClock
    {
        public bool Fail { get; set; }

        public DateTimeOffset UtcNow => Fail ? throw new InvalidOperationException("clock broke") : DateTimeOffset.UtcNow;
    }
}
