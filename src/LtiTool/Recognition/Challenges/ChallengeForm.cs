using System.Globalization;
using System.Text;
using LtiPd.Gamification.Challenges;
using LtiPd.Gamification.Rules;

namespace LtiPd.LtiTool.Recognition.Challenges;

/// <summary>
/// The PD leader's new-challenge form, read and validated before it reaches the engine. Dates are
/// district-local days: the challenge starts at the start of the first day and ends after the last.
/// </summary>
internal sealed record ChallengeForm(
    string Name, string Mode, string Scope, string Goal, string StartDate, string EndDate, string BadgeName, string BadgeDescription)
{
    /// <summary>The scope value for a district-wide challenge.</summary>
    public const string DistrictScope = "district";

    private const int MaxSlugLength = 60;

    public static ChallengeForm Empty { get; } = new("", "individual", DistrictScope, "", "", "", "", "");

    public static ChallengeForm Read(IFormCollection form) => new(
        form["name"].ToString().Trim(), form["mode"].ToString(), form["scope"].ToString(), form["goal"].ToString().Trim(),
        form["starts"].ToString().Trim(), form["ends"].ToString().Trim(), form["badge_name"].ToString().Trim(), form["badge_description"].ToString().Trim());

    /// <summary>Returns the challenge and its badge, or an error naming the value and the fix.</summary>
    /// <param name="rules">The district rules, for the time zone.</param>
    /// <param name="schoolIds">The district's school ids.</param>
    /// <param name="today">Today in the district's time zone.</param>
    /// <param name="idSuffix">A random suffix that makes the generated challenge id unique.</param>
    public (ChallengeDefinition? Challenge, ChallengeBadge? Badge, string? Error) Parse(RuleSet rules, IReadOnlySet<string> schoolIds, DateOnly today, string idSuffix)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (Name.Length is 0 or > 200)
        {
            return Fail($"The challenge name has {Name.Length} characters. Give it a name of 1 to 200 characters.");
        }

        if (Mode is not ("individual" or "team"))
        {
            return Fail($"The mode '{Mode}' is not known. Choose individual or team.");
        }

        var mode = Mode == "team" ? ChallengeMode.Team : ChallengeMode.Individual;
        if (Scope != DistrictScope && !schoolIds.Contains(Scope))
        {
            return Fail($"The school '{Scope}' is not a school of your district. Choose the whole district or one of the listed schools.");
        }

        if (mode == ChallengeMode.Team && Scope != DistrictScope)
        {
            return Fail("A team challenge ranks the district's schools as teams, so it must be for the whole district. Choose the whole district, or make the challenge individual.");
        }

        if (!int.TryParse(Goal, NumberStyles.None, CultureInfo.InvariantCulture, out var goal) || goal < 1 || goal > ChallengeService.MaxGoalPoints)
        {
            return Fail($"The goal '{Goal}' is not a whole number of points from 1 to {ChallengeService.MaxGoalPoints}. Enter the points to reach, such as 100.");
        }

        if (!TryDate(StartDate, out var start) || !TryDate(EndDate, out var end))
        {
            return Fail($"The dates '{StartDate}' and '{EndDate}' must both be days written as YYYY-MM-DD. Pick them with the date fields.");
        }

        if (end < start || end < today)
        {
            return Fail($"The challenge would end on {EndDate}, before it starts ({StartDate}) or before today ({today:yyyy-MM-dd}). Set a last day on or after both.");
        }

        if (BadgeName.Length is 0 or > 200 || BadgeDescription.Length is 0 or > 1000)
        {
            return Fail("The badge needs a name (1 to 200 characters) and a description (1 to 1,000 characters). Fill in both.");
        }

        var challenge = new ChallengeDefinition
        {
            Id = Slug(Name) + "-" + idSuffix, Name = Name, Mode = mode,
            StartsAt = StartOfDay(rules, start), EndsAt = StartOfDay(rules, end.AddDays(1)),
            SchoolId = Scope == DistrictScope ? null : Scope, GoalPoints = goal,
        };
        return (challenge, new ChallengeBadge(BadgeName, BadgeDescription), null);
    }

    private static (ChallengeDefinition?, ChallengeBadge?, string?) Fail(string error) => (null, null, error);

    private static bool TryDate(string text, out DateOnly day) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

    private static DateTimeOffset StartOfDay(RuleSet rules, DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, rules.TimeZone().GetUtcOffset(local));
    }

    // A readable id from the name: lower-case ASCII letters and digits joined by hyphens.
    private static string Slug(string name)
    {
        var slug = new StringBuilder();
        foreach (var character in name.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(character))
            {
                slug.Append(character);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }

            if (slug.Length >= MaxSlugLength)
            {
                break;
            }
        }

        var trimmed = slug.ToString().Trim('-');
        return trimmed.Length == 0 ? "challenge" : trimmed;
    }
}
