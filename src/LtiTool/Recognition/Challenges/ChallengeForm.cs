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

    /// <summary>
    /// Returns the challenge and its badge, or every problem of the form at once, each naming the
    /// field, the value and the fix.
    /// </summary>
    /// <param name="rules">The district rules, for the time zone.</param>
    /// <param name="schoolIds">The district's school ids.</param>
    /// <param name="today">Today in the district's time zone.</param>
    /// <param name="idSuffix">A random suffix that makes the generated challenge id unique.</param>
    public (ChallengeDefinition? Challenge, ChallengeBadge? Badge, IReadOnlyList<string> Errors) Parse(
        RuleSet rules, IReadOnlySet<string> schoolIds, DateOnly today, string idSuffix)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var errors = new List<string>();
        if (Name.Length is 0 or > 200)
        {
            errors.Add($"Name: the challenge name has {Name.Length} characters. Give it a name of 1 to 200 characters.");
        }

        if (Mode is not ("individual" or "team"))
        {
            errors.Add($"Mode: the mode '{Mode}' is not known. Choose individual or team.");
        }

        var mode = Mode == "team" ? ChallengeMode.Team : ChallengeMode.Individual;
        if (Scope != DistrictScope && !schoolIds.Contains(Scope))
        {
            errors.Add($"Scope: the school '{Scope}' is not a school of your district. Choose the whole district or one of the listed schools.");
        }
        else if (mode == ChallengeMode.Team && Scope != DistrictScope)
        {
            errors.Add("Scope: a team challenge ranks the district's schools as teams, so it must be for the whole district. Choose the whole district, or make the challenge individual.");
        }

        if (!int.TryParse(Goal, NumberStyles.None, CultureInfo.InvariantCulture, out var goal) || goal < 1 || goal > ChallengeService.MaxGoalPoints)
        {
            errors.Add($"Goal: the goal '{Goal}' is not a whole number of points from 1 to {ChallengeService.MaxGoalPoints}. Enter the points to reach, such as 100.");
        }

        var startValid = TryDate(StartDate, out var start);
        var endValid = TryDate(EndDate, out var end);
        if (!startValid)
        {
            errors.Add($"First day: '{StartDate}' is not a day written as YYYY-MM-DD. Pick it with the date field.");
        }

        if (!endValid)
        {
            errors.Add($"Last day: '{EndDate}' is not a day written as YYYY-MM-DD. Pick it with the date field.");
        }
        else if ((startValid && end < start) || end < today)
        {
            errors.Add($"Last day: the challenge would end on {EndDate}, before it starts ({StartDate}) or before today ({today:yyyy-MM-dd}). Set a last day on or after both.");
        }

        if (BadgeName.Length is 0 or > 200)
        {
            errors.Add($"Badge name: the name has {BadgeName.Length} characters. Give the badge a name of 1 to 200 characters.");
        }

        if (BadgeDescription.Length is 0 or > 1000)
        {
            errors.Add($"Badge description: the description has {BadgeDescription.Length} characters. Describe the badge in 1 to 1,000 characters.");
        }

        if (errors.Count > 0)
        {
            return (null, null, errors);
        }

        var challenge = new ChallengeDefinition
        {
            Id = Slug(Name) + "-" + idSuffix, Name = Name, Mode = mode,
            StartsAt = StartOfDay(rules, start), EndsAt = StartOfDay(rules, end.AddDays(1)),
            SchoolId = Scope == DistrictScope ? null : Scope, GoalPoints = goal,
        };
        return (challenge, new ChallengeBadge(BadgeName, BadgeDescription), []);
    }

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
