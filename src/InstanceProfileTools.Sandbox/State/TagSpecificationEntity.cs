using System.Collections.Generic;

namespace InstanceProfileTools.Sandbox.State
{
    /// <summary>Tags a launch template gives the resources of one type it launches (instance, volume, ...).</summary>
    public sealed class TagSpecificationEntity
    {
        /// <summary>The resource type, e.g. instance.</summary>
        public string ResourceType { get; set; } = "";

        /// <summary>The tags.</summary>
        public List<TagEntity> Tags { get; set; } = new List<TagEntity>();
    }
}
