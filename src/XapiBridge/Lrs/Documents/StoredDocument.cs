namespace LtiPd.XapiBridge.Lrs.Documents;

/// <summary>One row of <c>lrs_documents</c>.</summary>
internal sealed class StoredDocument
{
    public string DocumentId { get; set; } = "";

    public string ContentType { get; set; } = "";

    public byte[] Content { get; set; } = [];

    public string Etag { get; set; } = "";

    public long UpdatedAtMs { get; set; }
}
