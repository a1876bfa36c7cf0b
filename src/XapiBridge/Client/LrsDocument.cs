namespace LtiPd.XapiBridge.Client;

/// <summary>A state, activity profile or agent profile document.</summary>
public sealed class LrsDocument
{
    /// <summary>The stateId or profileId.</summary>
    public required string Id { get; set; }

    /// <summary>The document's bytes.</summary>
    public byte[] Content { get; set; } = [];

    /// <summary>The media type. Default: <c>application/json</c>.</summary>
    public string ContentType { get; set; } = "application/json";

    /// <summary>
    /// The ETag the LRS returned. When set on a save, it is sent as <c>If-Match</c>, so the save
    /// fails with 412 if someone else changed the document meanwhile.
    /// </summary>
    public string? Etag { get; set; }

    /// <summary>When the LRS last changed the document (<c>Last-Modified</c>), when the LRS sent it.</summary>
    public DateTimeOffset? Timestamp { get; set; }
}
