using System;

namespace InstanceProfileTools.Sandbox.Settings
{
    /// <summary>Settings that cannot be applied; the message names the offending settings.</summary>
    public sealed class SettingsException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public SettingsException(string message)
            : base(message)
        {
        }
    }
}
