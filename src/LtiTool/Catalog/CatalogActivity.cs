namespace LtiPd.LtiTool.Catalog;

/// <summary>
/// One micro-activity of a module, read from a Markdown file with YAML front matter. Exactly one of
/// <see cref="Video"/>, <see cref="Quiz"/>, <see cref="Reflection"/> and <see cref="Evidence"/> is
/// set for the kinds that need it; a read activity has none.
/// </summary>
public sealed record CatalogActivity
{
    /// <summary>The activity's id, unique within its module; part of its URL.</summary>
    public required string Id { get; init; }

    /// <summary>The activity's title.</summary>
    public required string Title { get; init; }

    /// <summary>What the learner does.</summary>
    public required ActivityKind Kind { get; init; }

    /// <summary>Whether the module cannot be completed without this activity; otherwise it is elective.</summary>
    public required bool IsRequired { get; init; }

    /// <summary>The points the activity gives toward the module's threshold when done.</summary>
    public required int Points { get; init; }

    /// <summary>An estimate of the time the activity takes, in minutes.</summary>
    public required int EstimatedMinutes { get; init; }

    /// <summary>The body rendered from Markdown (raw HTML disabled) and sanitised; safe to embed.</summary>
    public required string BodyHtml { get; init; }

    /// <summary>The file the activity was read from, relative to the catalog folder.</summary>
    public required string SourceFile { get; init; }

    /// <summary>The video of a watch activity.</summary>
    public VideoSource? Video { get; init; }

    /// <summary>The questions of a quiz activity.</summary>
    public QuizSpec? Quiz { get; init; }

    /// <summary>The prompt of a reflect activity.</summary>
    public ReflectionSpec? Reflection { get; init; }

    /// <summary>The task and rubric of an evidence activity.</summary>
    public EvidenceSpec? Evidence { get; init; }
}
