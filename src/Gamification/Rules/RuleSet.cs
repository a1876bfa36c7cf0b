namespace LtiPd.Gamification.Rules;

/// <summary>
/// A district's gamification rules. <see cref="Default"/> applies until the district saves its
/// own version; every award is computed from the version current when it is processed, and a rule
/// change is applied by recomputing from the stored statements.
/// </summary>
public sealed record RuleSet
{
    /// <summary>The rules that award points, evaluated in order; one statement may match several.</summary>
    public required IReadOnlyList<PointRule> PointRules { get; init; }

    /// <summary>Per-activity point values that replace the rule's value for that activity id.</summary>
    public IReadOnlyDictionary<string, int> ActivityPoints { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>
    /// The scaled score (0 to 1) a check must reach to count as mastery. Default: none, so a check
    /// counts when its statement reports success at the mastery score the catalog sets for it.
    /// </summary>
    public double? MasteryScaledScore { get; init; }

    /// <summary>Maximum capped points per teacher per district day. Default: 120.</summary>
    public int DailyCap { get; init; } = 120;

    /// <summary>Awards per teacher within <see cref="BurstWindowSeconds"/> above which new awards are held for review. Default: 10.</summary>
    public int BurstMaxAwards { get; init; } = 10;

    /// <summary>The burst window in seconds. Default: 60.</summary>
    public int BurstWindowSeconds { get; init; } = 60;

    /// <summary>The IANA or Windows time zone id that sets the district's days and weeks. Default: UTC.</summary>
    public string TimeZoneId { get; init; } = "UTC";

    /// <summary>Levels in ascending order of <see cref="LevelDefinition.MinimumPoints"/>; the first starts at 0.</summary>
    public required IReadOnlyList<LevelDefinition> Levels { get; init; }

    /// <summary>The badges of the district.</summary>
    public IReadOnlyList<BadgeDefinition> Badges { get; init; } = [];

    /// <summary>District breaks: a week with a weekday inside a break freezes the streak.</summary>
    public IReadOnlyList<DateRange> CalendarBreaks { get; init; } = [];

    /// <summary>Semesters; each allows <see cref="PauseWeeksPerSemester"/> personal pause weeks.</summary>
    public IReadOnlyList<DateRange> Semesters { get; init; } = [];

    /// <summary>Leaderboard seasons (semesters, school years); they may overlap. Default: none, so only all-time boards.</summary>
    public IReadOnlyList<Season> Seasons { get; init; } = [];

    /// <summary>Personal pause weeks each teacher may take per semester. Default: 2.</summary>
    public int PauseWeeksPerSemester { get; init; } = 2;

    /// <summary>Returns the built-in rules a district starts with.</summary>
    public static RuleSet Default { get; } = new()
    {
        PointRules =
        [
            new PointRule
            {
                Key = "lesson", Description = "Completed a micro-lesson", Points = 10,
                VerbIds = [XapiTerms.Experienced, XapiTerms.Completed], ActivityTypes = [XapiTerms.LessonType],
            },
            new PointRule
            {
                Key = "check", Description = "Passed a check at mastery", Points = 10,
                VerbIds = [XapiTerms.Passed, XapiTerms.Completed], ActivityTypes = [XapiTerms.AssessmentType],
                RequireSuccess = true, RequireMastery = true,
            },
            new PointRule
            {
                Key = "reflection", Description = "Submitted a reflection", Points = 15,
                VerbIds = [XapiTerms.Submitted, XapiTerms.Completed], ActivityTypes = [XapiTerms.ReflectionType],
            },
            new PointRule
            {
                Key = "evidence", Description = "Evidence approved by a reviewer", Points = 50,
                VerbIds = [XapiTerms.Approved], ActivityTypes = [XapiTerms.EvidenceType], Capped = false,
            },
            new PointRule
            {
                // Attendance is recorded by a PD leader, like approved evidence, so it is not capped.
                Key = "live-session", Description = "Attended a live session", Points = 25,
                VerbIds = [XapiTerms.Attended], ActivityTypes = [XapiTerms.LiveSessionType], Capped = false,
            },
            new PointRule
            {
                Key = "module", Description = "Completed a module", Points = 50,
                VerbIds = [XapiTerms.Completed], ActivityTypes = [XapiTerms.ModuleType], Meaningful = false,
            },
            new PointRule
            {
                Key = "pathway", Description = "Completed a pathway", Points = 100,
                VerbIds = [XapiTerms.Completed], ActivityTypes = [XapiTerms.PathwayType], Meaningful = false,
            },
        ],
        Levels =
        [
            new(0, "Level 1"), new(100, "Level 2"), new(230, "Level 3"), new(390, "Level 4"), new(580, "Level 5"),
            new(800, "Level 6"), new(1050, "Level 7"), new(1330, "Level 8"), new(1640, "Level 9"), new(1980, "Level 10"),
        ],
    };

    /// <summary>Returns the district's time zone.</summary>
    public TimeZoneInfo TimeZone() => TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId);

    /// <summary>Returns the district-local calendar day of <paramref name="instant"/>.</summary>
    public DateOnly LocalDay(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, TimeZone()).DateTime);

    /// <summary>Returns the first instant of <paramref name="season"/> and the instant after it, in UTC.</summary>
    public LeaderboardSpan SeasonSpan(Season season)
    {
        ArgumentNullException.ThrowIfNull(season);
        return new LeaderboardSpan(StartOfDay(season.Start), StartOfDay(season.End.AddDays(1)));
    }

    /// <summary>Returns the 1-based level number for <paramref name="points"/>.</summary>
    public int LevelFor(int points)
    {
        var level = 0;
        foreach (var definition in Levels)
        {
            if (points >= definition.MinimumPoints)
            {
                level++;
            }
        }

        return Math.Max(level, 1);
    }

    private DateTimeOffset StartOfDay(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, TimeZone().GetUtcOffset(local));
    }
}
