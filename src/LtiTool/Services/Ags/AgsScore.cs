namespace LtiPd.LtiTool.Services.Ags;

/// <summary>A score to post to a line item (AGS 2.0 score publish service).</summary>
public sealed record AgsScore
{
    /// <summary>The learner's LTI <c>sub</c>.</summary>
    public required string UserId { get; init; }

    /// <summary>The score given, on the scale of <see cref="ScoreMaximum"/>; null for none yet.</summary>
    public double? ScoreGiven { get; init; }

    /// <summary>The scale of <see cref="ScoreGiven"/>; always sent with it.</summary>
    public double? ScoreMaximum { get; init; }

    /// <summary>Initialized, Started, InProgress, Submitted or Completed.</summary>
    public required string ActivityProgress { get; init; }

    /// <summary>FullyGraded, Pending, PendingManual, Failed or NotReady.</summary>
    public required string GradingProgress { get; init; }

    /// <summary>A comment for the learner, such as the reviewer's feedback.</summary>
    public string? Comment { get; init; }

    /// <summary>When the score changed in the tool; strictly later than the last score sent for the learner and line item.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>
    /// For Canvas only: whether this score starts a new submission attempt. Null leaves the
    /// Canvas submission extension out.
    /// </summary>
    public bool? CanvasNewSubmission { get; init; }
}
