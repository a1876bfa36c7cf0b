namespace LtiPd.Gamification.Rules;

/// <summary>A badge earned once when its criterion reaches <see cref="Threshold"/>.</summary>
public sealed record BadgeDefinition
{
    /// <summary>The badge id, stable across rule versions, for example <c>first-module</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The badge name.</summary>
    public required string Name { get; init; }

    /// <summary>A short description of the badge.</summary>
    public required string Description { get; init; }

    /// <summary>
    /// The criteria in words, shown to teachers and written into the Open Badges achievement
    /// (<c>criteria.narrative</c>).
    /// </summary>
    public required string CriteriaNarrative { get; init; }

    /// <summary>What the badge counts.</summary>
    public required BadgeCriterion Criterion { get; init; }

    /// <summary>The count, total, level or week number that earns the badge.</summary>
    public required int Threshold { get; init; }

    /// <summary>
    /// Official PD credit hours the badge stands for, set by the district, or null when none
    /// apply. Written into the Open Badges credential as <c>creditsEarned</c>; never derived from points.
    /// </summary>
    public double? CreditHours { get; init; }

    /// <summary>An https URL of the badge image, or null for none.</summary>
    public string? ImageUrl { get; init; }

    /// <summary>
    /// For <see cref="BadgeCriterion.ModulesCompleted"/>: the module ids of the topic or set. For
    /// <see cref="BadgeCriterion.ChallengesWon"/>: the challenge ids whose wins count. Empty counts every module or challenge.
    /// </summary>
    public IReadOnlyList<string> ActivityIds { get; init; } = [];

    /// <summary>
    /// For <see cref="BadgeCriterion.ModulesCompletedInTopic"/>: the catalog topic, such as
    /// "Assessment", so modules added to the topic later count too.
    /// </summary>
    public string? Topic { get; init; }
}
