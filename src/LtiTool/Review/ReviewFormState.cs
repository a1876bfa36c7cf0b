namespace LtiPd.LtiTool.Review;

/// <summary>What the evidence review page shows besides the evidence: a saved notice, or an error with the reviewer's input to put back.</summary>
internal sealed record ReviewFormState
{
    public static readonly ReviewFormState Empty = new();

    /// <summary>Whether the page follows a saved decision.</summary>
    public bool Saved { get; init; }

    /// <summary>A message the reviewer must act on, shown in an alert above the page.</summary>
    public string? Error { get; init; }

    /// <summary>The levels chosen in a rejected post, by criterion id.</summary>
    public IReadOnlyDictionary<string, string> Levels { get; init; } = new Dictionary<string, string>();

    /// <summary>The feedback typed in a rejected post.</summary>
    public string? Feedback { get; init; }
}
