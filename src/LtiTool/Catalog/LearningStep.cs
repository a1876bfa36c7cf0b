namespace LtiPd.LtiTool.Catalog;

/// <summary>
/// One learner step, as handed to <see cref="ILearningEventSink"/>. It carries ids, not personal
/// data: the xAPI layer maps (registration, user) to an actor itself.
/// </summary>
public sealed record LearningStep
{
    /// <summary>The registration (district platform) of the learner.</summary>
    public required string RegistrationId { get; init; }

    /// <summary>Our id of the learner's user row.</summary>
    public required string UserId { get; init; }

    /// <summary>Our id of the course the learner launched from, if any.</summary>
    public string? ContextId { get; init; }

    /// <summary>The module's catalog id.</summary>
    public required string ModuleId { get; init; }

    /// <summary>The activity's id within the module, or null for a step on the module itself.</summary>
    public string? ActivityId { get; init; }

    /// <summary>The activity's kind, or null for a step on the module itself.</summary>
    public ActivityKind? ActivityKind { get; init; }

    /// <summary>A quiz score in percent, for answered, passed and failed steps.</summary>
    public int? ScorePercent { get; init; }

    /// <summary>For an answered step: the question's id.</summary>
    public string? QuestionId { get; init; }

    /// <summary>For an answered step: the chosen option's id.</summary>
    public string? OptionId { get; init; }

    /// <summary>For an answered step: whether the chosen option is correct.</summary>
    public bool? IsCorrect { get; init; }

    /// <summary>For a submitted reflection: the learner's text.</summary>
    public string? Response { get; init; }

    /// <summary>When the step happened.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>
    /// The time on task the step's statement reports as <c>result.duration</c>, measured on the
    /// server by <see cref="ActivityTimeStore"/>. Null when it is not known.
    /// </summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>The start (Unix ms) of the module cycle the step counts for; 0 unless the module recurs.</summary>
    public long CycleStartMs { get; init; }
}
