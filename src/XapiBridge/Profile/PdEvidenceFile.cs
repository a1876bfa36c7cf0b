namespace LtiPd.XapiBridge.Profile;

/// <summary>The file of a piece of evidence, sent as an attachment that points to <paramref name="FileUrl"/>.</summary>
/// <param name="ContentType">The media type, such as <c>application/pdf</c>.</param>
/// <param name="Length">The size in bytes.</param>
/// <param name="Sha256">The hexadecimal SHA-256 of the bytes.</param>
/// <param name="FileUrl">Where an authorised reader can fetch the file.</param>
public sealed record PdEvidenceFile(string ContentType, long Length, string Sha256, Uri FileUrl);
