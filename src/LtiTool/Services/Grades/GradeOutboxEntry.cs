namespace LtiPd.LtiTool.Services.Grades;

/// <summary>A claimed row of <c>ags_score_outbox</c>.</summary>
internal sealed class GradeOutboxEntry
{
    // A class with setters rather than a positional record: Dapper converts the providers'
    // integer and boolean column types into these properties, but matches record constructors
    // only on exact types.
    public long Id { get; set; }

    public string RegistrationId { get; set; } = string.Empty;

    public string UserRef { get; set; } = string.Empty;

    public string ContextRef { get; set; } = string.Empty;

    public string ModuleId { get; set; } = string.Empty;

    public double? ScoreGiven { get; set; }

    public double? ScoreMaximum { get; set; }

    public string ActivityProgress { get; set; } = string.Empty;

    public string GradingProgress { get; set; } = string.Empty;

    public string? Comment { get; set; }

    public int NewSubmission { get; set; }

    public int Attempts { get; set; }
}
