using System.Globalization;
using System.Text;

namespace LtiPd.LtiTool.Analytics.Projection;

/// <summary>
/// Derives the <c>analytics_funnel_days</c> rows one learner counts in from the learner's
/// <c>analytics_funnel</c> rows and the school and roster roles they count under. The projector
/// subtracts what a learner counted in before a change and adds what they count in after it, so
/// the rollup equals a derivation from scratch as long as both use this one method.
/// </summary>
internal static class FunnelDays
{
    /// <summary>The <c>prev_day</c> of a learner's first day at a stage: before every day.</summary>
    public const int NoPreviousDay = int.MinValue;

    /// <summary>Stage numbers of <c>analytics_funnel_days.stage</c>, the same as the fact kinds.</summary>
    public const int Launched = 1;

    /// <inheritdoc cref="Launched"/>
    public const int Started = 2;

    /// <inheritdoc cref="Launched"/>
    public const int Completed = 3;

    /// <summary>
    /// Returns one key per row of <c>analytics_funnel_days</c> the learner adds 1 to, given every
    /// funnel row of the learner and the person they count as.
    /// </summary>
    public static IEnumerable<FunnelDayKey> Contributions(FunnelPerson person, IEnumerable<FunnelStages> rows)
    {
        var allRoles = person.Roles.Select(entry => entry.Role).Distinct(StringComparer.Ordinal).ToList();
        foreach (var module in rows.GroupBy(row => row.ModuleId, StringComparer.Ordinal))
        {
            var moduleRows = module.ToList();

            // The cells without a course count the learner's steps in every course together.
            foreach (var key in Unit(RollupSql.Any, RollupSql.Any, RollupSql.Any, moduleRows))
            {
                yield return key;
            }

            if (person.SchoolId is { } schoolId)
            {
                foreach (var key in Unit(schoolId, RollupSql.Any, RollupSql.Any, moduleRows))
                {
                    yield return key;
                }
            }

            foreach (var role in allRoles)
            {
                foreach (var key in Unit(RollupSql.Any, RollupSql.Any, role, moduleRows))
                {
                    yield return key;
                }
            }

            // A course cell counts only the steps in that course, as the course filter does.
            foreach (var row in moduleRows.Where(row => row.CourseId.Length > 0))
            {
                var courseRoles = person.Roles.Where(entry => entry.CourseId == row.CourseId).Select(entry => entry.Role).Distinct(StringComparer.Ordinal);
                foreach (var role in courseRoles.Prepend(RollupSql.Any))
                {
                    foreach (var key in Unit(RollupSql.Any, row.CourseId, role, [row]))
                    {
                        yield return key;
                    }
                }
            }
        }
    }

    // A learner reached a stage on the first day of that stage or of any later one, because the
    // funnel counts a learner at a stage when they reached it or a later stage in the range.
    private static IEnumerable<FunnelDayKey> Unit(string school, string course, string role, List<FunnelStages> rows)
    {
        var moduleId = rows[0].ModuleId;
        var name = rows.Select(row => row.ModuleName).Where(value => value is not null).Max(StringComparer.Ordinal) ?? "";
        for (var stage = Launched; stage <= Completed; stage++)
        {
            var days = new SortedSet<int>();
            foreach (var row in rows)
            {
                AddDaysFrom(days, row, stage);
            }

            var previous = NoPreviousDay;
            foreach (var day in days)
            {
                yield return new FunnelDayKey(school, course, role, day, moduleId, stage, previous, name);
                previous = day;
            }
        }
    }

    private static void AddDaysFrom(SortedSet<int> days, FunnelStages row, int stage)
    {
        if (stage == Launched)
        {
            days.Add(row.LaunchedDay);
        }

        if (stage <= Started && row.StartedDay is { } started)
        {
            days.Add(started);
        }

        if (row.CompletedDay is { } completed)
        {
            days.Add(completed);
        }
    }
}

/// <summary>One <c>analytics_funnel</c> row: the first day a learner reached each stage of a module in a course.</summary>
internal sealed class FunnelStages
{
    public long ActorId { get; init; }

    public string ModuleId { get; init; } = "";

    /// <summary>The course, or '' for steps outside a course.</summary>
    public string CourseId { get; init; } = "";

    public string? ModuleName { get; init; }

    public int LaunchedDay { get; init; }

    public int? StartedDay { get; init; }

    public int? CompletedDay { get; init; }
}

/// <summary>The key of one <c>analytics_funnel_days</c> row.</summary>
internal readonly record struct FunnelDayKey(string SchoolId, string CourseId, string Role, int Day, string ModuleId, int Stage, int PreviousDay, string ModuleName);

/// <summary>
/// The school and roster roles a learner is counted under in <c>analytics_funnel_days</c>, stored
/// in <c>analytics_actors.funnel_person</c> as a first line with the school id ('' for none) and
/// one "course TAB role" line per roster entry.
/// </summary>
internal sealed record FunnelPerson(string? SchoolId, IReadOnlyList<(string CourseId, string Role)> Roles)
{
    /// <summary>A learner with no known LTI user, school or roster entry.</summary>
    public static readonly FunnelPerson Unknown = new(null, []);

    /// <summary>Returns the stored text of this person.</summary>
    public string Format()
    {
        var text = new StringBuilder(SchoolId ?? "");
        foreach (var (courseId, role) in Roles.OrderBy(entry => entry.CourseId, StringComparer.Ordinal).ThenBy(entry => entry.Role, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"\n{courseId}\t{role}");
        }

        return text.ToString();
    }

    /// <summary>Reads a person from its stored text.</summary>
    public static FunnelPerson Parse(string text)
    {
        var lines = text.Split('\n');
        var roles = lines.Skip(1).Select(line => line.Split('\t', 2)).Select(parts => (parts[0], parts[1])).ToList();
        return new FunnelPerson(lines[0].Length == 0 ? null : lines[0], roles);
    }
}
