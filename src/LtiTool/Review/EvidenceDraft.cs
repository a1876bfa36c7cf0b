namespace LtiPd.LtiTool.Review;

/// <summary>A learner's checked submission: at least one of a text, a link and a stored file.</summary>
/// <param name="Text">The written evidence (Markdown), trimmed.</param>
/// <param name="Link">An absolute http or https link.</param>
/// <param name="File">The uploaded file after its size and type checks.</param>
internal sealed record EvidenceDraft(string? Text, string? Link, StoredEvidenceFile? File);
