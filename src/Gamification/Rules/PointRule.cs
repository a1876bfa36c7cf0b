namespace LtiPd.Gamification.Rules;

/// <summary>
/// One way to earn points: a statement whose verb and object activity type match earns
/// <see cref="Points"/> once per activity per teacher.
/// </summary>
public sealed record PointRule
{
    /// <summary>The rule key stored on each award, for example <c>lesson</c>.</summary>
    public required string Key { get; init; }

    /// <summary>The reason text shown to the teacher, for example "Completed a micro-lesson".</summary>
    public required string Description { get; init; }

    /// <summary>Verb IRIs that match; any one is enough.</summary>
    public required IReadOnlyList<string> VerbIds { get; init; }

    /// <summary>Object activity types that match; any one is enough.</summary>
    public required IReadOnlyList<string> ActivityTypes { get; init; }

    /// <summary>The points awarded, unless <see cref="RuleSet.ActivityPoints"/> names the activity.</summary>
    public required int Points { get; init; }

    /// <summary>Whether <c>result.success</c> must be true.</summary>
    public bool RequireSuccess { get; init; }

    /// <summary>
    /// Whether the check must be passed at mastery: <c>result.success</c> true and, when the
    /// district sets <see cref="RuleSet.MasteryScaledScore"/>, <c>result.score.scaled</c> at
    /// least that value (a statement without a scaled score then does not match).
    /// </summary>
    public bool RequireMastery { get; init; }

    /// <summary>
    /// Whether the award counts towards the daily cap. False for points a reviewer approved,
    /// which are never capped.
    /// </summary>
    public bool Capped { get; init; } = true;

    /// <summary>Whether the award counts as a meaningful item for weekly streaks.</summary>
    public bool Meaningful { get; init; } = true;
}
