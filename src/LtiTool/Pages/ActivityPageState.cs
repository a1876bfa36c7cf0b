using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Review;

namespace LtiPd.LtiTool.Pages;

/// <summary>What an activity page shows beyond the stored progress: a submission's result or error, and evidence.</summary>
internal sealed record ActivityPageState
{
    public static readonly ActivityPageState Empty = new();

    /// <summary>A message the learner must act on, shown in an alert above the form.</summary>
    public string? Error { get; init; }

    /// <summary>The reflection text to put back in the form after a rejected submission.</summary>
    public string? ReflectionDraft { get; init; }

    /// <summary>The graded quiz submission just made.</summary>
    public QuizResult? QuizResult { get; init; }

    /// <summary>The options chosen in a rejected quiz submission, by question id.</summary>
    public IReadOnlyDictionary<string, string> QuizSelections { get; init; } = new Dictionary<string, string>();

    /// <summary>The questions a rejected quiz submission left unanswered.</summary>
    public IReadOnlyList<QuizQuestion> Unanswered { get; init; } = [];

    /// <summary>The learner's evidence for an evidence activity, with its history, if any was submitted.</summary>
    public EvidenceSubmission? Evidence { get; init; }

    /// <summary>The written evidence to put back in the form after a rejected submission.</summary>
    public string? EvidenceTextDraft { get; init; }

    /// <summary>The link to put back in the form after a rejected submission.</summary>
    public string? EvidenceLinkDraft { get; init; }
}
