namespace LtiPd.LtiTool.Catalog;

/// <summary>What an evidence activity asks for and the rubric a reviewer applies.</summary>
/// <param name="Prompt">What to submit (plain text).</param>
/// <param name="Accepts">The forms a submission may take; at least one.</param>
/// <param name="Rubric">The analytic rubric the submission is reviewed against.</param>
public sealed record EvidenceSpec(string Prompt, IReadOnlyList<EvidenceFormat> Accepts, Rubric Rubric);
