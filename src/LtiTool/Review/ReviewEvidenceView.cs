using System.Globalization;
using System.Text;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Pages;
using LtiPd.LtiTool.Sessions;

namespace LtiPd.LtiTool.Review;

/// <summary>
/// One teacher's evidence at <c>/app/review/{id}</c>: the task, every version with the decisions
/// on it, and while it waits, the analytic rubric as one group of choices per criterion (each
/// level with its descriptor) with feedback and the two decisions.
/// </summary>
internal static class ReviewEvidenceView
{
    public static string Render(
        LtiSession reviewer,
        EvidenceSubmission submission,
        CatalogModule module,
        CatalogActivity activity,
        SafeHtml safeHtml,
        EvidenceOptions options,
        ReviewFormState form)
    {
        var evidence = activity.Evidence!;
        var learner = submission.LearnerName ?? "Unnamed teacher";
        var body = new StringBuilder();
        if (form.Saved)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"notice success\" role=\"status\" data-testid=\"decision-saved\">Your decision is saved: {EvidenceHistoryView.StatusLabel(submission.Status).ToLowerInvariant()}. <a href=\"/app/review\">Back to the review queue</a></p>\n");
        }

        if (form.Error is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"<div class=\"notice error\" role=\"alert\" id=\"form-error\" data-testid=\"error\"><p>{PageLayout.Encode(form.Error)}</p></div>\n");
        }

        body.Append("<dl class=\"meta\">\n");
        body.Append(CultureInfo.InvariantCulture, $"<dt>Teacher</dt><dd data-testid=\"learner\">{PageLayout.Encode(learner)}</dd>\n");
        body.Append(CultureInfo.InvariantCulture, $"<dt>Module</dt><dd>{PageLayout.Encode(module.Title)}</dd>\n");
        body.Append(CultureInfo.InvariantCulture, $"<dt>Activity</dt><dd>{PageLayout.Encode(activity.Title)}</dd>\n");
        body.Append(CultureInfo.InvariantCulture, $"<dt>Status</dt><dd data-testid=\"evidence-status\" data-status=\"{submission.Status}\">{EvidenceHistoryView.StatusLabel(submission.Status)} (version {submission.Revision})</dd>\n");
        body.Append(CultureInfo.InvariantCulture, $"<dt>First submitted</dt><dd>{EvidenceHistoryView.Date(submission.FirstSubmittedAt)}</dd>\n</dl>\n");
        body.Append(CultureInfo.InvariantCulture, $"<h2>Task</h2>\n<p>{PageLayout.Encode(evidence.Prompt)}</p>\n");

        body.Append("<h2>Versions and decisions</h2>\n");
        EvidenceHistoryView.Append(body, submission, evidence.Rubric, safeHtml, "h3");

        if (submission.AwaitsReview)
        {
            AppendDecisionForm(body, reviewer, submission, evidence.Rubric, options, form);
        }

        body.Append("<p><a href=\"/app/review\">Back to the review queue</a></p>\n");
        return PageLayout.Render($"Evidence from {learner}", body.ToString(),
            [new("My dashboard", "/app"), new("Review evidence", "/app/review"), new(learner, null)]);
    }

    private static void AppendDecisionForm(StringBuilder body, LtiSession reviewer, EvidenceSubmission submission, Rubric rubric, EvidenceOptions options, ReviewFormState form)
    {
        var describedByError = form.Error is null ? string.Empty : " aria-describedby=\"form-error\"";
        body.Append("<section aria-labelledby=\"decide-heading\">\n<h2 id=\"decide-heading\">Score and decide</h2>\n");
        body.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"/app/review/{Uri.EscapeDataString(submission.Id)}/decision\" data-testid=\"decision-form\">\n{CsrfCheck.HiddenField(reviewer)}\n");
        body.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"revision\" value=\"{submission.Revision}\">\n");
        body.Append("<p class=\"hint\">Choose one level for each criterion.</p>\n");
        foreach (var criterion in rubric.Criteria)
        {
            form.Levels.TryGetValue(criterion.Id, out var chosen);
            body.Append(CultureInfo.InvariantCulture, $"<fieldset data-testid=\"criterion\" data-criterion-id=\"{PageLayout.Encode(criterion.Id)}\"{describedByError}>\n<legend>{PageLayout.Encode(criterion.Title)}</legend>\n");
            foreach (var level in rubric.Levels)
            {
                var inputId = $"level-{criterion.Id}-{level.Id}";
                var isChecked = level.Id == chosen ? " checked" : string.Empty;
                body.Append(CultureInfo.InvariantCulture, $"<label for=\"{PageLayout.Encode(inputId)}\"><input type=\"radio\" id=\"{PageLayout.Encode(inputId)}\" name=\"level-{PageLayout.Encode(criterion.Id)}\" value=\"{PageLayout.Encode(level.Id)}\" required{isChecked}> ");
                body.Append(CultureInfo.InvariantCulture, $"<strong>{PageLayout.Encode(level.Label)} ({level.Score})</strong>: {PageLayout.Encode(criterion.Descriptors[level.Id])}</label>\n");
            }

            body.Append("</fieldset>\n");
        }

        body.Append("<p><label for=\"feedback\">Feedback to the teacher</label></p>\n");
        body.Append(CultureInfo.InvariantCulture, $"<p class=\"hint\" id=\"feedback-hint\">Required when you return the evidence: say what to revise. At most {options.MaxFeedbackLength.ToString("N0", CultureInfo.InvariantCulture)} characters; Markdown is allowed.</p>\n");
        body.Append(CultureInfo.InvariantCulture, $"<textarea id=\"feedback\" name=\"feedback\" maxlength=\"{options.MaxFeedbackLength}\" aria-describedby=\"feedback-hint\">{PageLayout.Encode(form.Feedback ?? string.Empty)}</textarea>\n");
        body.Append("<p><button type=\"submit\" name=\"decision\" value=\"approve\" data-testid=\"approve\">Approve</button> ");
        body.Append("<button type=\"submit\" name=\"decision\" value=\"return\" class=\"secondary\" data-testid=\"return\">Return for revision</button></p>\n");
        body.Append("</form>\n</section>\n");
    }
}
