namespace LtiPd.LtiTool.Review;

/// <summary>A reviewer's decision on one revision, with the rubric level chosen for each criterion.</summary>
internal sealed record EvidenceReview
{
    public required int Revision { get; init; }

    public required string ReviewerRef { get; init; }

    public string? ReviewerName { get; init; }

    /// <summary><see cref="EvidenceStatus.Approved"/> or <see cref="EvidenceStatus.Returned"/>.</summary>
    public required EvidenceStatus Decision { get; init; }

    /// <summary>The chosen level id per criterion id.</summary>
    public required IReadOnlyDictionary<string, string> Levels { get; init; }

    public required int Score { get; init; }

    public required int MaxScore { get; init; }

    /// <summary>The reviewer's feedback as typed (Markdown); rendered only through <c>SafeHtml</c>.</summary>
    public required string Feedback { get; init; }

    public required DateTimeOffset DecidedAt { get; init; }
}
