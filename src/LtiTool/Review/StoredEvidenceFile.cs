namespace LtiPd.LtiTool.Review;

/// <summary>An uploaded evidence file after its checks, as stored in the evidence folder.</summary>
/// <param name="Key">The generated file name in the evidence folder (32 lowercase hex digits).</param>
/// <param name="Name">The learner's file name, cleaned, for labels and downloads only.</param>
/// <param name="ContentType">The media type the file's bytes were checked against.</param>
/// <param name="Length">The size in bytes.</param>
/// <param name="Sha256">The lowercase hex SHA-256 of the bytes.</param>
internal sealed record StoredEvidenceFile(string Key, string Name, string ContentType, long Length, string Sha256);
