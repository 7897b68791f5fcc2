using System.Text.Json;

namespace InstanceProfileTools.Sandbox.Admin
{
    /// <summary>One document of the instance's metadata service as the admin endpoint serves it: status, type and body.</summary>
    public sealed class MetadataAnswer
    {
        private MetadataAnswer(int status, string contentType, string body)
        {
            Status = status;
            ContentType = contentType;
            Body = body;
        }

        /// <summary>The HTTP status IMDS answers (200, or 404 where IMDS has no such document).</summary>
        public int Status { get; }

        /// <summary>application/json for documents, text/plain for listings, as IMDS serves them.</summary>
        public string ContentType { get; }

        /// <summary>The body.</summary>
        public string Body { get; }

        /// <summary>A JSON document in IMDS's own member names (Code, LastUpdated, ...), as given.</summary>
        public static MetadataAnswer Json(object document) => new MetadataAnswer(200, "application/json", JsonSerializer.Serialize(document));

        /// <summary>A listing: one name a line.</summary>
        public static MetadataAnswer Listing(string name) => new MetadataAnswer(200, "text/plain", name);

        /// <summary>IMDS's 404 for a document the instance does not have, with why (in the admin endpoint's error shape).</summary>
        public static MetadataAnswer NotFound(string instanceId, string reason) =>
            new MetadataAnswer(404, "application/json", JsonSerializer.Serialize(new { error = "Not Found: " + reason, instanceId }));
    }
}
