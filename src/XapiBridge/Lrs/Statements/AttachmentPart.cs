namespace LtiPd.XapiBridge.Lrs.Statements;

/// <summary>The raw content of one attachment, received in or sent as a multipart/mixed part.</summary>
/// <param name="Sha2">The SHA-2 hash the part is addressed by (X-Experience-API-Hash).</param>
/// <param name="ContentType">The part's Content-Type.</param>
/// <param name="Content">The bytes.</param>
internal sealed record AttachmentPart(string Sha2, string ContentType, byte[] Content);
