using System;
using System.Collections.Generic;

namespace InstanceProfileTools.Core.Tests.Support
{
    /// <summary>A request as the server received it.</summary>
    internal sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
    {
        /// <summary>The form fields of a Query-protocol body, decoded.</summary>
        public IReadOnlyDictionary<string, string> Form
        {
            get
            {
                var fields = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (string pair in Body.Split('&', StringSplitOptions.RemoveEmptyEntries))
                {
                    string[] parts = pair.Split('=', 2);
                    fields[Uri.UnescapeDataString(parts[0])] = Uri.UnescapeDataString(parts.Length > 1 ? parts[1] : string.Empty);
                }

                return fields;
            }
        }
    }
}
