using System.Collections.Generic;

namespace InstanceProfileTools.Sandbox.Settings
{
    /// <summary>A targeted fault: which requests it hits and what it does to them.</summary>
    public sealed class FaultRule
    {
        /// <summary>The AWS action it applies to (e.g. ReplaceIamInstanceProfileAssociation); null or "*" for any.</summary>
        public string? Action { get; set; }

        /// <summary>Request parameters that must equal these values (e.g. "IamInstanceProfile.Name": "x").</summary>
        public Dictionary<string, string>? Match { get; set; }

        /// <summary>
        /// The region of the request's SigV4 scope it applies to; null for any. With errorCode UnauthorizedOperation
        /// and status 403 it stands for a policy that denies one region (an SCP on aws:RequestedRegion).
        /// </summary>
        public string? Region { get; set; }

        /// <summary>Let the first N matching requests pass.</summary>
        public int Skip { get; set; }

        /// <summary>How many matching requests to hit after the skipped ones; -1 for all of them.</summary>
        public int Count { get; set; } = 1;

        /// <summary>
        /// "fail" (default): answer the error instead of doing the call. "failAfter": do the call, then answer the
        /// error (a lost response). "stuck": do the call, but the association it creates stays associating forever.
        /// </summary>
        public string Effect { get; set; } = FaultEffects.Fail;

        /// <summary>The error code to answer; without one, the service's throttling error (code, status and message).</summary>
        public string? ErrorCode { get; set; }

        /// <summary>The HTTP status to answer with <see cref="ErrorCode"/>; 400 when not given.</summary>
        public int? Status { get; set; }

        /// <summary>The error message to answer with <see cref="ErrorCode"/>.</summary>
        public string? Message { get; set; }
    }
}
