namespace LtiPd.XapiBridge.Profile;

/// <summary>A piece of evidence of practice (a lesson plan, a video of teaching, a reflection).</summary>
/// <param name="Id">The evidence id in LtiPd, unique per submission.</param>
/// <param name="Title">The title the learner gave it.</param>
/// <param name="File">The uploaded file, when there is one and it can be fetched by URL.</param>
public sealed record PdEvidence(string Id, string Title, PdEvidenceFile? File = null);
