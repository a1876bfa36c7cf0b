namespace LtiPd.LtiTool.Catalog;

/// <summary>A learner's stored progress on one activity.</summary>
public sealed record ActivityProgressRecord
{
    /// <summary>The module's catalog id.</summary>
    public required string ModuleId { get; init; }

    /// <summary>The activity's id within the module.</summary>
    public required string ActivityId { get; init; }

    /// <summary>Done, or attempted only.</summary>
    public required ActivityStatus Status { get; init; }

    /// <summary>How many times the learner submitted the activity.</summary>
    public required int Attempts { get; init; }

    /// <summary>The score of the latest quiz attempt, in percent.</summary>
    public int? LastScorePercent { get; init; }

    /// <summary>The best quiz score so far, in percent.</summary>
    public int? BestScorePercent { get; init; }

    /// <summary>The latest response: a reflection's text, or a quiz's answers as JSON.</summary>
    public string? Response { get; init; }

    /// <summary>When the activity was first done, if it is.</summary>
    public DateTimeOffset? FirstDoneAt { get; init; }

    /// <summary>The start (Unix ms) of the module cycle this progress counts for; 0 unless the module recurs.</summary>
    public long CycleStartMs { get; init; }
}
