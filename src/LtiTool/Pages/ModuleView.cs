using System.Globalization;
using System.Text;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Services.Grades;

namespace LtiPd.LtiTool.Pages;

/// <summary>A module's page at <c>/app/modules/{id}</c>: what it is, the learner's progress, what is left, and its activities.</summary>
internal static class ModuleView
{
    public static string Render(
        CatalogModule module, ModuleProgress progress, IReadOnlyDictionary<string, ActivityProgressRecord> records, string awardNotice = "", LmsGrade? grade = null)
    {
        var body = new StringBuilder(awardNotice);
        body.Append(CultureInfo.InvariantCulture, $"<p>{PageLayout.Encode(module.Summary)}</p>\n");
        AppendDetails(body, module);
        AppendProgress(body, module, progress);
        AppendLmsGrade(body, grade);
        AppendActivities(body, module, records);
        return PageLayout.Render(module.Title, body.ToString(), [new("My dashboard", "/app"), new("Module catalog", "/app/modules"), new(module.Title, null)]);
    }

    private static void AppendDetails(StringBuilder body, CatalogModule module)
    {
        body.Append("<dl class=\"meta\">\n");
        body.Append(CultureInfo.InvariantCulture, $"<dt>Topic</dt><dd>{PageLayout.Encode(module.Topic)}</dd>\n");
        body.Append(CultureInfo.InvariantCulture, $"<dt>For</dt><dd>{PageLayout.Encode(string.Join("; ", module.Audience))}</dd>\n");
        body.Append(CultureInfo.InvariantCulture, $"<dt>Estimated time</dt><dd>{LearnerText.Minutes(module.EstimatedMinutes)}</dd>\n");
        body.Append(CultureInfo.InvariantCulture, $"<dt>PD credit</dt><dd>{LearnerText.CreditHours(module.CreditHours)}</dd>\n");
        body.Append(CultureInfo.InvariantCulture, $"<dt>To complete</dt><dd>Every required activity and {LearnerText.Points(module.PointsToComplete)}</dd>\n");
        body.Append("</dl>\n<h2>Standards alignment</h2>\n<ul data-testid=\"standards\">\n");
        foreach (var standard in module.Standards)
        {
            body.Append(CultureInfo.InvariantCulture, $"<li>{PageLayout.Encode(standard.Framework)} {PageLayout.Encode(standard.Code)}: {PageLayout.Encode(standard.Title)}</li>\n");
        }

        body.Append("</ul>\n");
    }

    private static void AppendProgress(StringBuilder body, CatalogModule module, ModuleProgress progress)
    {
        body.Append("<section aria-labelledby=\"progress-heading\" data-testid=\"module-progress\">\n<h2 id=\"progress-heading\">Your progress</h2>\n");
        body.Append(CultureInfo.InvariantCulture, $"<p id=\"points-label\">Points: <strong data-testid=\"points\">{progress.PointsEarned} of {progress.PointsToComplete}</strong></p>\n");
        body.Append(LearnerText.ProgressBar(progress, "points-label"));
        body.Append('\n');
        if (progress.IsComplete)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"notice success\" data-testid=\"module-complete\">You have completed this module and earned {LearnerText.CreditHours(module.CreditHours)}.</p>\n");
            body.Append("</section>\n");
            return;
        }

        body.Append("<h3>What is left</h3>\n<ul data-testid=\"left\">\n");
        foreach (var activity in progress.RequiredLeft)
        {
            body.Append(CultureInfo.InvariantCulture, $"<li>Required: <a href=\"{PageLayout.Encode(LearnerText.ActivityUrl(module, activity))}\">{PageLayout.Encode(activity.Title)}</a> ({LearnerText.Points(activity.Points)})</li>\n");
        }

        if (progress.PointsShort > 0)
        {
            var electives = progress.ElectivesLeft.Count == 0
                ? string.Empty
                : $" The required activities left give {LearnerText.Points(progress.RequiredLeft.Sum(activity => activity.Points))}; choose electives for the rest.";
            body.Append(CultureInfo.InvariantCulture, $"<li data-testid=\"points-short\">{LearnerText.Points(progress.PointsShort)} more to reach {progress.PointsToComplete}.{PageLayout.Encode(electives)}</li>\n");
        }

        body.Append("</ul>\n</section>\n");
    }

    /// <summary>Shows the grade the LMS gradebook holds, which a PD leader may have entered or overridden there.</summary>
    private static void AppendLmsGrade(StringBuilder body, LmsGrade? grade)
    {
        if (grade?.ResultScore is not { } score)
        {
            return;
        }

        var maximum = grade.ResultMaximum is { } max ? string.Create(CultureInfo.InvariantCulture, $" of {max:0.##}") : string.Empty;
        body.Append(CultureInfo.InvariantCulture, $"<p data-testid=\"lms-grade\">Grade in your LMS: <strong>{score:0.##}{maximum}</strong>");
        if (!string.IsNullOrWhiteSpace(grade.Comment))
        {
            body.Append(CultureInfo.InvariantCulture, $" · Comment: {PageLayout.Encode(grade.Comment)}");
        }

        body.Append("</p>\n");
    }

    private static void AppendActivities(StringBuilder body, CatalogModule module, IReadOnlyDictionary<string, ActivityProgressRecord> records)
    {
        body.Append("<h2>Activities</h2>\n<ol data-testid=\"activities\">\n");
        foreach (var activity in module.Activities)
        {
            records.TryGetValue(activity.Id, out var record);
            var status = LearnerText.Status(record);
            var statusClass = record?.Status == ActivityStatus.Done ? " class=\"done\"" : string.Empty;
            body.Append(CultureInfo.InvariantCulture, $"<li data-activity-id=\"{PageLayout.Encode(activity.Id)}\"><a href=\"{PageLayout.Encode(LearnerText.ActivityUrl(module, activity))}\">{PageLayout.Encode(activity.Title)}</a>");
            body.Append(CultureInfo.InvariantCulture, $"<br><span class=\"meta\">{LearnerText.KindLabel(activity.Kind)} · {LearnerText.Requirement(activity)} · {LearnerText.Points(activity.Points)} · {LearnerText.Minutes(activity.EstimatedMinutes)} · </span>");
            body.Append(CultureInfo.InvariantCulture, $"<span{statusClass} data-testid=\"activity-status\">{PageLayout.Encode(status)}</span></li>\n");
        }

        body.Append("</ol>\n");
    }
}
