namespace LtiPd.LtiTool.Review;

/// <summary>What a learner sent in one revision: any of a text, a link and a file.</summary>
internal sealed record EvidenceRevision
{
    public required int Revision { get; init; }

    /// <summary>The written evidence as the learner typed it (Markdown); rendered only through <c>SafeHtml</c>.</summary>
    public string? Text { get; init; }

    /// <summary>An http or https link, checked on submission.</summary>
    public string? Link { get; init; }

    public StoredEvidenceFile? File { get; init; }

    public required DateTimeOffset SubmittedAt { get; init; }
}
