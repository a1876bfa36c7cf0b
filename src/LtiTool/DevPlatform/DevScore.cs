namespace LtiPd.LtiTool.DevPlatform;

/// <summary>A score the tool posted to the dev platform through AGS 2.0, as recorded.</summary>
public sealed record DevScore
{
    /// <summary>The line item the score was posted to.</summary>
    public required string LineItemId { get; init; }

    /// <summary>The person the score is for (their <c>sub</c>).</summary>
    public required string UserId { get; init; }

    /// <summary>The score given, if any.</summary>
    public double? ScoreGiven { get; init; }

    /// <summary>The maximum the score given is out of.</summary>
    public double? ScoreMaximum { get; init; }

    /// <summary>A comment for the learner, if any.</summary>
    public string? Comment { get; init; }

    /// <summary>The learner's progress: Initialized, Started, InProgress, Submitted or Completed.</summary>
    public required string ActivityProgress { get; init; }

    /// <summary>The grading status: FullyGraded, Pending, PendingManual, Failed or NotReady.</summary>
    public required string GradingProgress { get; init; }

    /// <summary>When the tool produced the score.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>When the dev platform recorded it.</summary>
    public DateTimeOffset RecordedAt { get; init; }
}
