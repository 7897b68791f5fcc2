using System;

namespace InstanceProfileTools.Core.ErrorMapping
{
    /// <summary>What a service error says about the state of things, beyond its id: what retries and the engine act on.</summary>
    [Flags]
    internal enum ErrorTraits
    {
        None = 0,

        /// <summary>IAM's eventual consistency: the error goes away by itself within seconds to minutes.</summary>
        Propagation = 1,

        /// <summary>EC2 refused a replace because the association is not the instance's active one (a stopped instance).</summary>
        NotActiveAssociation = 2,

        /// <summary>
        /// The request's temporary credentials expired (or were revoked) before it was acted on: fresh credentials and
        /// the same request again are safe, since nothing was done.
        /// </summary>
        ExpiredCredentials = 4,
    }
}
