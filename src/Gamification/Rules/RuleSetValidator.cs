namespace LtiPd.Gamification.Rules;

/// <summary>Checks a district rule set before it is saved, naming each invalid value and the fix.</summary>
public static class RuleSetValidator
{
    /// <summary>Returns the problems found; an empty list means the rule set is valid.</summary>
    public static IReadOnlyList<string> Validate(RuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var problems = new List<string>();

        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in rules.PointRules)
        {
            if (string.IsNullOrWhiteSpace(rule.Key) || rule.Key.Length > 64 || rule.Key == "reversal")
            {
                problems.Add($"Point rule key '{rule.Key}' is invalid. Use 1-64 characters other than the reserved key 'reversal'.");
            }
            else if (!keys.Add(rule.Key))
            {
                problems.Add($"Point rule key '{rule.Key}' appears twice. Give each rule its own key.");
            }

            if (rule.Points is < 0 or > 10_000)
            {
                problems.Add($"Point rule '{rule.Key}' awards {rule.Points} points. Use 0 to 10000.");
            }

            if (rule.VerbIds.Count == 0 || rule.ActivityTypes.Count == 0)
            {
                problems.Add($"Point rule '{rule.Key}' needs at least one verb id and one activity type.");
            }
        }

        foreach (var (activity, points) in rules.ActivityPoints)
        {
            if (points is < 0 or > 10_000)
            {
                problems.Add($"Activity '{activity}' awards {points} points. Use 0 to 10000.");
            }
        }

        ValidateLimits(rules, problems);
        ValidateLevels(rules, problems);
        ValidateBadges(rules, problems);
        ValidateSeasons(rules, problems);
        return problems;
    }

    private static void ValidateLimits(RuleSet rules, List<string> problems)
    {
        if (rules.MasteryScaledScore is < 0 or > 1)
        {
            problems.Add($"MasteryScaledScore {rules.MasteryScaledScore} is out of range. Use a scaled score from 0 to 1.");
        }

        if (rules.DailyCap < 0)
        {
            problems.Add($"DailyCap {rules.DailyCap} is negative. Use 0 or more points per day.");
        }

        if (rules.BurstMaxAwards < 1 || rules.BurstWindowSeconds < 1)
        {
            problems.Add($"Burst limit {rules.BurstMaxAwards} awards in {rules.BurstWindowSeconds} s is invalid. Use at least 1 award and 1 second.");
        }

        if (rules.PauseWeeksPerSemester < 0)
        {
            problems.Add($"PauseWeeksPerSemester {rules.PauseWeeksPerSemester} is negative. Use 0 or more weeks.");
        }

        try
        {
            _ = rules.TimeZone();
        }
        catch (TimeZoneNotFoundException)
        {
            problems.Add($"TimeZoneId '{rules.TimeZoneId}' is not a known time zone. Use an IANA id such as America/Chicago.");
        }
    }

    private static void ValidateLevels(RuleSet rules, List<string> problems)
    {
        if (rules.Levels.Count == 0 || rules.Levels[0].MinimumPoints != 0)
        {
            problems.Add("Levels must start with a level at 0 points.");
        }

        for (var i = 1; i < rules.Levels.Count; i++)
        {
            if (rules.Levels[i].MinimumPoints <= rules.Levels[i - 1].MinimumPoints)
            {
                problems.Add($"Level {i + 1} starts at {rules.Levels[i].MinimumPoints} points, not above level {i}. List levels in ascending order.");
            }
        }

        foreach (var level in rules.Levels.Where(level => string.IsNullOrWhiteSpace(level.Name)))
        {
            problems.Add($"The level at {level.MinimumPoints} points has no name.");
        }

        foreach (var level in rules.Levels.Where(level => level.ImageUrl is not null && !IsHttpsUrl(level.ImageUrl)))
        {
            problems.Add($"The image URL '{level.ImageUrl}' of level '{level.Name}' is not an absolute https URL.");
        }
    }

    private static void ValidateBadges(RuleSet rules, List<string> problems)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var badge in rules.Badges)
        {
            if (string.IsNullOrWhiteSpace(badge.Id) || badge.Id.Length > 100 || !ids.Add(badge.Id))
            {
                problems.Add($"Badge id '{badge.Id}' is empty, longer than 100 characters or used twice.");
            }

            if (string.IsNullOrWhiteSpace(badge.CriteriaNarrative))
            {
                problems.Add($"Badge '{badge.Id}' has no criteria narrative. Describe in words what earns it.");
            }

            if (badge.Threshold < 1)
            {
                problems.Add($"Badge '{badge.Id}' has threshold {badge.Threshold}. Use 1 or more.");
            }

            if (badge.CreditHours is { } hours && (hours <= 0 || hours > 1000))
            {
                problems.Add($"Badge '{badge.Id}' grants {hours} credit hours. Use more than 0 and at most 1000, or leave it unset.");
            }

            if (badge.ImageUrl is not null && !IsHttpsUrl(badge.ImageUrl))
            {
                problems.Add($"The image URL '{badge.ImageUrl}' of badge '{badge.Id}' is not an absolute https URL.");
            }

            if (badge.Criterion == BadgeCriterion.ModulesCompletedInTopic && (string.IsNullOrWhiteSpace(badge.Topic) || badge.Topic.Length > 200))
            {
                problems.Add($"Badge '{badge.Id}' counts modules in a topic but its topic is empty or longer than 200 characters. Set \"topic\" to a catalog topic.");
            }
        }
    }

    private static void ValidateSeasons(RuleSet rules, List<string> problems)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var season in rules.Seasons)
        {
            // The empty id names the all-time board in the standings table.
            if (string.IsNullOrWhiteSpace(season.Id) || season.Id.Length > 100 || !ids.Add(season.Id))
            {
                problems.Add($"Season id '{season.Id}' is empty, longer than 100 characters or used twice.");
            }

            if (string.IsNullOrWhiteSpace(season.Name))
            {
                problems.Add($"Season '{season.Id}' has no name.");
            }

            if (season.End < season.Start)
            {
                problems.Add($"Season '{season.Id}' ends on {season.End:yyyy-MM-dd}, before its start on {season.Start:yyyy-MM-dd}. Set an end on or after the start.");
            }
        }
    }

    private static bool IsHttpsUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps;
}
