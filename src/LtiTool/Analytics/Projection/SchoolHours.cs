namespace LtiPd.LtiTool.Analytics.Projection;

/// <summary>
/// Derives the <c>analytics_school_hours</c> rows one learner counts in from the learner's
/// <c>analytics_completions</c> rows and the school and roster roles they count under. The
/// projector subtracts what a learner counted in before a change and adds what they count in
/// after it, so the rollup equals a derivation from scratch as long as both use this one method.
/// </summary>
internal static class SchoolHours
{
    /// <summary>
    /// Returns one key per row of <c>analytics_school_hours</c> the learner adds 1 to, given every
    /// completion of the learner and the person they count as.
    /// </summary>
    public static IEnumerable<SchoolHoursKey> Contributions(FunnelPerson person, IEnumerable<CompletionDay> completions)
    {
        var school = person.SchoolId ?? "";
        var allRoles = person.Roles.Select(entry => entry.Role).Distinct(StringComparer.Ordinal).ToList();
        foreach (var module in completions.GroupBy(row => row.ModuleId, StringComparer.Ordinal))
        {
            var moduleRows = module.ToList();

            // The cells without a course count the learner's completions in every course together.
            foreach (var role in allRoles.Prepend(RollupSql.Any))
            {
                foreach (var key in Days(RollupSql.Any, role, school, moduleRows))
                {
                    yield return key;
                }
            }

            // A course cell counts only the completions in that course, as the course filter does.
            foreach (var course in moduleRows.Where(row => row.CourseId.Length > 0).GroupBy(row => row.CourseId, StringComparer.Ordinal))
            {
                var courseRows = course.ToList();
                var courseRoles = person.Roles.Where(entry => entry.CourseId == course.Key).Select(entry => entry.Role).Distinct(StringComparer.Ordinal);
                foreach (var role in courseRoles.Prepend(RollupSql.Any))
                {
                    foreach (var key in Days(course.Key, role, school, courseRows))
                    {
                        yield return key;
                    }
                }
            }
        }
    }

    // One key per distinct completion day, each with the day before it in the list.
    private static IEnumerable<SchoolHoursKey> Days(string course, string role, string school, List<CompletionDay> rows)
    {
        var previous = FunnelDays.NoPreviousDay;
        foreach (var day in rows.Select(row => row.Day).Distinct().Order())
        {
            yield return new SchoolHoursKey(course, role, day, school, rows[0].ModuleId, previous);
            previous = day;
        }
    }
}

/// <summary>One <c>analytics_completions</c> row: a learner completed a module in a course ('' for none) on a day.</summary>
internal sealed class CompletionDay
{
    public long ActorId { get; init; }

    public int Day { get; init; }

    public string ModuleId { get; init; } = "";

    public string CourseId { get; init; } = "";
}

/// <summary>The key of one <c>analytics_school_hours</c> row.</summary>
internal readonly record struct SchoolHoursKey(string CourseId, string Role, int Day, string SchoolId, string ModuleId, int PreviousDay);
