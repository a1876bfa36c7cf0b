using System.Globalization;
using System.Text;
using LtiPd.LtiTool.Analytics.Charts;
using LtiPd.LtiTool.Analytics.Queries;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Pages;

namespace LtiPd.LtiTool.Analytics;

/// <summary>The body of <c>/app/analytics</c>: the filter form and seven chart sections.</summary>
internal static class DashboardView
{
    /// <summary>Reviewers drawn in the workload chart, those with the most reviews first.</summary>
    public const int ChartedReviewers = 20;

    private const string Styles = """
        <style>
        .filters { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: end; }
        .filters div { display: flex; flex-direction: column; max-width: 100%; }
        .filters select, .filters input { font: inherit; padding: 0.35rem; border: 1px solid #4a4a4a; border-radius: 4px; }
        .chart figure { margin: 0.5rem 0; }
        .chart svg { width: 100%; height: auto; }
        </style>
        """;

    public static string Render(DashboardData data, IQueryCollection query, IReadOnlyList<FilterError> errors)
    {
        var html = new StringBuilder(Styles).Append('\n');
        html.Append("<p>Engagement with PD in your district, from the learning records LtiPd stores. These figures describe participation; they are not evaluation data.</p>\n");
        AppendForm(html, data.Choices, query);
        if (data.PendingStatements > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"notice\" data-testid=\"pending\">{data.PendingStatements} newer learning records are still being counted; reload in a minute for the latest figures.</p>\n");
        }

        var filter = data.Filter;
        var range = $"{Date(filter.From)} to {Date(filter.To)}";
        Action<StringBuilder>[] sections =
        [
            section => AppendWeekly(section, data, range),
            section => AppendFunnel(section, data, range),
            section => AppendPoints(section, data, range),
            section => AppendLevels(section, data),
            section => AppendTurnaround(section, data, range),
            section => AppendReviewers(section, data, range),
            section => AppendSchoolHours(section, data, range),
        ];

        // Drawing a chart takes milliseconds of CPU, so the sections are written side by side,
        // each into its own buffer, and joined in page order.
        var written = new string[sections.Length];
        Parallel.For(0, sections.Length, index =>
        {
            var section = new StringBuilder();
            sections[index](section);
            written[index] = section.ToString();
        });
        foreach (var section in written)
        {
            html.Append(section);
        }

        return html.ToString();
    }

    public static string RenderErrors(DashboardChoices choices, IQueryCollection query, IReadOnlyList<FilterError> errors)
    {
        var html = new StringBuilder(Styles).Append('\n');
        html.Append("<div class=\"notice error\" role=\"alert\" data-testid=\"filter-errors\"><p>The dashboard could not be shown because of these filter values:</p><ul>\n");
        foreach (var error in errors)
        {
            html.Append(CultureInfo.InvariantCulture, $"<li data-parameter=\"{PageLayout.Encode(error.Parameter)}\">{PageLayout.Encode(error.Message)}</li>\n");
        }

        html.Append("</ul></div>\n");
        AppendForm(html, choices, query);
        return html.ToString();
    }

    private static void AppendForm(StringBuilder html, DashboardChoices choices, IQueryCollection query)
    {
        html.Append("<form method=\"get\" action=\"/app/analytics\" class=\"filters\" aria-label=\"Dashboard filters\">\n");
        html.Append(CultureInfo.InvariantCulture, $"<div><label for=\"from\">From</label><input type=\"date\" id=\"from\" name=\"from\" value=\"{PageLayout.Encode(query["from"].ToString())}\"></div>\n");
        html.Append(CultureInfo.InvariantCulture, $"<div><label for=\"to\">To</label><input type=\"date\" id=\"to\" name=\"to\" value=\"{PageLayout.Encode(query["to"].ToString())}\"></div>\n");
        AppendSelect(html, "school", "School", choices.Schools, query);
        AppendSelect(html, "course", "Course", choices.Courses, query);
        AppendSelect(html, "module", "Module", choices.Modules, query);
        var roles = Enum.GetValues<PdRole>().ToDictionary(role => role.ToString(), role => RoleLabel(role));
        AppendSelect(html, "role", "Role", roles, query);
        html.Append("<div><button type=\"submit\">Apply filters</button></div>\n</form>\n");
    }

    private static void AppendSelect(StringBuilder html, string name, string label, IReadOnlyDictionary<string, string> options, IQueryCollection query)
    {
        var selected = query[name].ToString();
        html.Append(CultureInfo.InvariantCulture, $"<div><label for=\"{name}\">{label}</label><select id=\"{name}\" name=\"{name}\"><option value=\"\">All</option>");
        foreach (var (id, text) in options)
        {
            var isSelected = string.Equals(id, selected, StringComparison.Ordinal) ? " selected" : string.Empty;
            html.Append(CultureInfo.InvariantCulture, $"<option value=\"{PageLayout.Encode(id)}\"{isSelected}>{PageLayout.Encode(text)}</option>");
        }

        html.Append("</select></div>\n");
    }

    private static void AppendWeekly(StringBuilder html, DashboardData data, string range)
    {
        // Every week of the range gets a row, so a week without activity shows as 0, not a gap.
        var byWeek = data.WeeklyActive.ToDictionary(row => row.WeekStartDay, row => row.Learners);
        var firstWeek = data.Filter.FromDay - ((data.Filter.FromDay + 3) % 7);
        var weeks = new List<(DateOnly Start, long Learners)>();
        for (var week = firstWeek; week <= data.Filter.ToDay; week += 7)
        {
            weeks.Add((DashboardFilter.DateOfDay(week), byWeek.GetValueOrDefault(week)));
        }

        var busiest = weeks.MaxBy(week => week.Learners);
        var summary = busiest.Learners == 0
            ? $"No learner launched, worked in, completed or submitted evidence for a module from {range}."
            : $"From {range}, weekly active learners ranged from {weeks.Min(week => week.Learners)} to {busiest.Learners}; the busiest week started on {Date(busiest.Start)}.";
        var bars = weeks.Select(week => new ChartBar(Date(week.Start), week.Learners, Number(week.Learners))).ToList();
        DashboardTable.AppendSection(
            html, "weekly", "Participation over time: weekly active learners", FilterNote(data), summary,
            busiest.Learners == 0 ? null : ChartRenderer.Columns("Weekly active learners", "Learners", bars),
            $"Column chart of active learners per week from {range}, one column per week starting Monday. The first and last week count all seven days. The data table below lists each week.",
            ["Week starting (Monday, UTC)", "Active learners"],
            weeks.Select(week => (IReadOnlyList<string>)[Date(week.Start), Number(week.Learners)]).ToList());
    }

    private static void AppendFunnel(StringBuilder html, DashboardData data, string range)
    {
        var rows = data.Funnel.Select(row => (Name: ModuleName(data, row.ModuleId, row.ModuleName), Row: row)).ToList();
        var top = rows.Count == 0 ? default : rows.MaxBy(entry => entry.Row.Launched);
        var summary = rows.Count == 0
            ? $"No module was launched, started or completed from {range}."
            : $"{rows.Count} modules had learners from {range}. {top.Name} had the most: {top.Row.Launched} launched, {top.Row.Started} started and {top.Row.Completed} completed ({Percent(top.Row.Completed, top.Row.Launched)} of those who launched).";
        var bars = rows.SelectMany(entry => new[]
        {
            new ChartBar($"{entry.Name}: launched", entry.Row.Launched, Number(entry.Row.Launched), 0),
            new ChartBar($"{entry.Name}: started", entry.Row.Started, Number(entry.Row.Started), 1),
            new ChartBar($"{entry.Name}: completed", entry.Row.Completed, Number(entry.Row.Completed), 2),
        }).ToList();
        DashboardTable.AppendSection(
            html, "funnel", "Completion funnel per module", FilterNote(data), summary + " A learner counts at a stage when they reached it or a later one.",
            rows.Count == 0 ? null : ChartRenderer.Rows("Learners launched, started and completed, per module", "Learners", bars),
            "Bar chart with three bars per module: learners who launched, started and completed it. The data table below lists each module.",
            ["Module", "Launched", "Started", "Completed", "Completed of launched"],
            rows.Select(entry => (IReadOnlyList<string>)[entry.Name, Number(entry.Row.Launched), Number(entry.Row.Started), Number(entry.Row.Completed), Percent(entry.Row.Completed, entry.Row.Launched)]).ToList());
    }

    private static void AppendPoints(StringBuilder html, DashboardData data, string range)
    {
        var buckets = DashboardQueries.PointsBuckets;
        var counts = data.Points.ToDictionary(row => row.Bucket, row => row.Learners);
        var entries = buckets.Select((lower, index) => (Label: BucketLabel(index), Learners: counts.GetValueOrDefault(index))).ToList();
        var total = entries.Sum(entry => entry.Learners);
        var summary = total == 0
            ? $"No learner earned points from {range}."
            : $"{total} learners earned points from {range}; {entries.Skip(2).Sum(entry => entry.Learners)} of them earned {buckets[2]} or more.";
        DashboardTable.AppendSection(
            html, "points", "Points earned per learner", FilterNote(data), summary + " Points are recorded per course, so the module filter does not apply.",
            total == 0 ? null : ChartRenderer.Columns("Learners by points earned in the range", "Learners", entries.Select(entry => new ChartBar(entry.Label, entry.Learners, Number(entry.Learners))).ToList()),
            "Column chart of how many learners earned each band of points in the range. The data table below lists each band.",
            ["Points earned", "Learners"],
            entries.Select(entry => (IReadOnlyList<string>)[entry.Label, Number(entry.Learners)]).ToList());
    }

    private static void AppendLevels(StringBuilder html, DashboardData data)
    {
        var total = data.Levels.Sum(row => row.Learners);
        var common = data.Levels.MaxBy(row => row.Learners);
        var summary = common is null
            ? $"No learner had reached a level by {Date(data.Filter.To)}."
            : $"{total} learners had reached a level by {Date(data.Filter.To)}; the most common highest level is {common.Level} ({common.Learners} learners).";
        DashboardTable.AppendSection(
            html, "levels", "Level distribution", FilterNote(data), summary + " Each learner counts once, at the highest level reached by the end of the range.",
            common is null ? null : ChartRenderer.Columns("Learners by highest level reached", "Learners", data.Levels.Select(row => new ChartBar($"Level {row.Level}", row.Learners, Number(row.Learners), 2)).ToList()),
            "Column chart of how many learners hold each level as their highest. The data table below lists each level.",
            ["Highest level", "Learners"],
            data.Levels.Select(row => (IReadOnlyList<string>)[$"Level {row.Level}", Number(row.Learners)]).ToList());
    }

    private static void AppendTurnaround(StringBuilder html, DashboardData data, string range)
    {
        var overall = data.Turnaround.FirstOrDefault(row => row.ModuleId is null);
        var perModule = data.Turnaround.Where(row => row.ModuleId is not null).ToList();
        var summary = overall is null
            ? $"No evidence was submitted from {range}."
            : overall.Reviewed == 0
                ? $"{overall.Pending} evidence submissions from {range} are all still waiting for feedback."
                : $"Of the evidence submitted from {range}, {overall.Reviewed} submissions got first feedback after a median of {Hours(overall.MedianMs)} hours (90th percentile {Hours(overall.P90Ms)} hours); {overall.Pending} are still waiting.";
        var bars = perModule.Where(row => row.Reviewed > 0).SelectMany(row => new[]
        {
            new ChartBar($"{ModuleName(data, row.ModuleId!, null)}: median", HoursValue(row.MedianMs), Hours(row.MedianMs) + " h", 0),
            new ChartBar($"{ModuleName(data, row.ModuleId!, null)}: 90th percentile", HoursValue(row.P90Ms), Hours(row.P90Ms) + " h", 1),
        }).ToList();
        var tableRows = perModule.Select(row => (IReadOnlyList<string>)[ModuleName(data, row.ModuleId!, null), Number(row.Reviewed), Number(row.Pending), Hours(row.MedianMs), Hours(row.P90Ms)]).ToList();
        if (overall is not null)
        {
            tableRows.Add(["All modules", Number(overall.Reviewed), Number(overall.Pending), Hours(overall.MedianMs), Hours(overall.P90Ms)]);
        }

        DashboardTable.AppendSection(
            html, "turnaround", "Evidence turnaround: submitted to first feedback", FilterNote(data), summary + " Percentiles use the nearest-rank method.",
            bars.Count == 0 ? null : ChartRenderer.Rows("Hours from submission to first feedback, per module", "Hours", bars),
            "Bar chart with two bars per module: the median and the 90th percentile of hours from evidence submission to first approval or return. The data table below lists each module.",
            ["Module", "Submissions with feedback", "Waiting for feedback", "Median hours", "90th percentile hours"],
            tableRows);
    }

    private static void AppendReviewers(StringBuilder html, DashboardData data, string range)
    {
        var rows = data.Reviewers.Select(row => (Name: row.ReviewerName ?? $"Reviewer {row.ActorId}", Row: row)).ToList();
        var total = rows.Sum(entry => entry.Row.Approved + entry.Row.Returned);
        var summary = rows.Count == 0
            ? $"No evidence was reviewed from {range}."
            : $"{rows.Count} reviewers gave feedback on evidence {total} times from {range}; {rows[0].Name} did the most ({rows[0].Row.Approved + rows[0].Row.Returned}).";
        // A district can have hundreds of reviewers, and a chart of all of them is unreadable and
        // slow to draw. The chart shows the busiest, and the table lists all.
        var charted = rows.Take(ChartedReviewers).ToList();
        var bars = charted.SelectMany(entry => new[]
        {
            new ChartBar($"{entry.Name}: approved", entry.Row.Approved, Number(entry.Row.Approved), 2),
            new ChartBar($"{entry.Name}: returned", entry.Row.Returned, Number(entry.Row.Returned), 1),
        }).ToList();
        var chartTitle = rows.Count > ChartedReviewers
            ? $"Evidence approved and returned, for the {ChartedReviewers} reviewers with the most reviews"
            : "Evidence approved and returned, per reviewer";
        DashboardTable.AppendSection(
            html, "reviewers", "Reviewer workload", FilterNote(data), summary,
            rows.Count == 0 ? null : ChartRenderer.Rows(chartTitle, "Reviews", bars),
            rows.Count > ChartedReviewers
                ? $"Bar chart with two bars for each of the {ChartedReviewers} reviewers with the most reviews: evidence approved and evidence returned for revision. The data table below lists all {rows.Count} reviewers."
                : "Bar chart with two bars per reviewer: evidence approved and evidence returned for revision. The data table below lists each reviewer.",
            ["Reviewer", "Approved", "Returned", "Total"],
            rows.Select(entry => (IReadOnlyList<string>)[entry.Name, Number(entry.Row.Approved), Number(entry.Row.Returned), Number(entry.Row.Approved + entry.Row.Returned)]).ToList());
    }

    private static void AppendSchoolHours(StringBuilder html, DashboardData data, string range)
    {
        var rows = data.SchoolHours;
        var summary = rows.Count == 0
            ? $"No module was completed from {range}."
            : $"Learners earned {Decimal(rows.Sum(row => row.Hours))} PD hours from {range}; {rows[0].SchoolName} earned the most ({Decimal(rows[0].Hours)} hours).";
        DashboardTable.AppendSection(
            html, "hours", "PD hours earned by school", FilterNote(data), summary + " Hours are the catalog's credit hours of each completed module.",
            rows.Count == 0 ? null : ChartRenderer.Rows("PD hours earned, per school", "Hours", rows.Select(row => new ChartBar(row.SchoolName, (double)row.Hours, Decimal(row.Hours) + " h")).ToList()),
            "Bar chart of PD credit hours earned per school. The data table below lists each school.",
            ["School", "Module completions", "PD hours"],
            rows.Select(row => (IReadOnlyList<string>)[row.SchoolName, Number(row.Completions), Decimal(row.Hours)]).ToList());
    }

    // The filters besides the date range, named in each data table's caption so a screen reader
    // user hears what the figures are limited to.
    private static string FilterNote(DashboardData data)
    {
        var filter = data.Filter;
        var parts = new List<string>();
        if (filter.SchoolId is not null)
        {
            parts.Add("school " + data.Choices.Schools.GetValueOrDefault(filter.SchoolId, filter.SchoolId));
        }

        if (filter.CourseId is not null)
        {
            parts.Add("course " + data.Choices.Courses.GetValueOrDefault(filter.CourseId, filter.CourseId));
        }

        if (filter.ModuleId is not null)
        {
            parts.Add("module " + data.Choices.Modules.GetValueOrDefault(filter.ModuleId, filter.ModuleId));
        }

        if (filter.Role is { } role)
        {
            parts.Add("role " + RoleLabel(role));
        }

        return string.Join(", ", parts);
    }

    private static string ModuleName(DashboardData data, string moduleId, string? statementName) =>
        data.Choices.Modules.TryGetValue(moduleId, out var title) ? title : statementName ?? moduleId;

    private static string BucketLabel(int index)
    {
        var buckets = DashboardQueries.PointsBuckets;
        return index == buckets.Count - 1
            ? $"{buckets[index]} or more"
            : $"{buckets[index]} to {buckets[index + 1] - 1}";
    }

    private static string RoleLabel(PdRole role) => role switch
    {
        PdRole.Learner => "Learner",
        PdRole.Instructor => "PD leader",
        PdRole.Administrator => "District administrator",
    };

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Decimal(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static double HoursValue(long? milliseconds) => (milliseconds ?? 0) / 3_600_000d;

    private static string Hours(long? milliseconds) =>
        milliseconds is { } value ? (value / 3_600_000m).ToString("0.##", CultureInfo.InvariantCulture) : "-";

    private static string Percent(long part, long whole) =>
        whole == 0 ? "-" : (100m * part / whole).ToString("0", CultureInfo.InvariantCulture) + "%";
}
