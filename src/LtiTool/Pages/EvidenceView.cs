using System.Globalization;
using System.Text;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Review;
using LtiPd.LtiTool.Sessions;

namespace LtiPd.LtiTool.Pages;

/// <summary>
/// An evidence activity's task, accepted forms and analytic rubric (criteria as rows, levels as
/// columns), then the learner's evidence with its history and feedback, and the submission form
/// with its limits stated before the learner picks a file.
/// </summary>
internal static class EvidenceView
{
    public static void Append(
        StringBuilder body, LtiSession session, CatalogModule module, CatalogActivity activity, ActivityPageState state, EvidenceOptions options, SafeHtml safeHtml)
    {
        var evidence = activity.Evidence!;
        body.Append("<section aria-labelledby=\"task-heading\" class=\"card\">\n<h2 id=\"task-heading\">What to submit</h2>\n");
        body.Append(CultureInfo.InvariantCulture, $"<p>{PageLayout.Encode(evidence.Prompt)}</p>\n");
        var forms = string.Join(", ", evidence.Accepts.Select(format => format switch
        {
            EvidenceFormat.Text => "written text",
            EvidenceFormat.Link => "a link",
            EvidenceFormat.File => "an uploaded file",
        }));
        body.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">Accepted as: {forms}.</p>\n</section>\n");
        AppendRubric(body, evidence.Rubric);

        var submission = state.Evidence;
        if (submission is not null)
        {
            body.Append("<section aria-labelledby=\"mine-heading\">\n<h2 id=\"mine-heading\">Your evidence</h2>\n");
            body.Append(CultureInfo.InvariantCulture, $"<p>Status: <strong data-testid=\"evidence-status\" data-status=\"{submission.Status}\">{EvidenceHistoryView.StatusLabel(submission.Status)}</strong></p>\n");
            if (submission.Status == EvidenceStatus.Returned)
            {
                body.Append("<p class=\"notice\">Your reviewer returned this evidence for revision. Read the feedback below, then submit a new version.</p>\n");
            }

            EvidenceHistoryView.Append(body, submission, evidence.Rubric, safeHtml, "h3");
            body.Append("</section>\n");
        }

        if (submission is null || submission.Status == EvidenceStatus.Returned)
        {
            AppendForm(body, session, module, activity, state, options, isRevision: submission is not null);
        }
    }

    private static void AppendRubric(StringBuilder body, Rubric rubric)
    {
        body.Append("<div class=\"table-scroll\" role=\"region\" aria-labelledby=\"rubric-caption\" tabindex=\"0\">\n<table data-testid=\"rubric\">\n");
        body.Append("<caption id=\"rubric-caption\">Rubric your reviewer will use</caption>\n<thead><tr><th scope=\"col\">Criterion</th>");
        foreach (var level in rubric.Levels)
        {
            body.Append(CultureInfo.InvariantCulture, $"<th scope=\"col\">{PageLayout.Encode(level.Label)} ({level.Score})</th>");
        }

        body.Append("</tr></thead>\n<tbody>\n");
        foreach (var criterion in rubric.Criteria)
        {
            body.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\">{PageLayout.Encode(criterion.Title)}</th>");
            foreach (var level in rubric.Levels)
            {
                body.Append(CultureInfo.InvariantCulture, $"<td>{PageLayout.Encode(criterion.Descriptors[level.Id])}</td>");
            }

            body.Append("</tr>\n");
        }

        body.Append("</tbody>\n</table>\n</div>\n");
    }

    private static void AppendForm(
        StringBuilder body, LtiSession session, CatalogModule module, CatalogActivity activity, ActivityPageState state, EvidenceOptions options, bool isRevision)
    {
        var accepts = activity.Evidence!.Accepts;
        var invalid = state.Error is null ? string.Empty : " aria-invalid=\"true\"";
        var errorId = state.Error is null ? string.Empty : " form-error";
        body.Append("<section aria-labelledby=\"submit-heading\">\n");
        body.Append(CultureInfo.InvariantCulture, $"<h2 id=\"submit-heading\">{(isRevision ? "Submit a new version" : "Submit your evidence")}</h2>\n");
        if (accepts.Count > 1)
        {
            body.Append("<p class=\"hint\">Fill in at least one of the fields below.</p>\n");
        }

        body.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" enctype=\"multipart/form-data\" action=\"{PageLayout.Encode(LearnerText.ActivityUrl(module, activity))}/evidence\" data-testid=\"evidence-form\">\n{CsrfCheck.HiddenField(session)}\n");
        if (accepts.Contains(EvidenceFormat.Text))
        {
            body.Append("<p><label for=\"evidence-text\">Written evidence</label></p>\n");
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"hint\" id=\"evidence-text-hint\">At most {options.MaxTextLength.ToString("N0", CultureInfo.InvariantCulture)} characters. You may use Markdown for lists and emphasis.</p>\n");
            body.Append(CultureInfo.InvariantCulture, $"<textarea id=\"evidence-text\" name=\"text\" maxlength=\"{options.MaxTextLength}\" aria-describedby=\"evidence-text-hint{errorId}\"{invalid}>{PageLayout.Encode(state.EvidenceTextDraft ?? string.Empty)}</textarea>\n");
        }

        if (accepts.Contains(EvidenceFormat.Link))
        {
            body.Append("<p><label for=\"evidence-link\">Link to your evidence</label></p>\n");
            body.Append("<p class=\"hint\" id=\"evidence-link-hint\">A full web address starting with https:// (or http://). Check that your reviewer can open it without signing in as you.</p>\n");
            body.Append(CultureInfo.InvariantCulture, $"<input type=\"url\" id=\"evidence-link\" name=\"link\" maxlength=\"{EvidenceInput.MaxLinkLength}\" inputmode=\"url\" aria-describedby=\"evidence-link-hint{errorId}\" value=\"{PageLayout.Encode(state.EvidenceLinkDraft ?? string.Empty)}\"{invalid}>\n");
        }

        if (accepts.Contains(EvidenceFormat.File))
        {
            body.Append("<p><label for=\"evidence-file\">File</label></p>\n");
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"hint\" id=\"evidence-file-hint\" data-testid=\"upload-limits\">One file, up to {EvidenceFileName.Size(options.MaxFileBytes)}. Accepted types: {PageLayout.Encode(EvidenceFileStore.AcceptedTypes())}.</p>\n");
            body.Append(CultureInfo.InvariantCulture, $"<input type=\"file\" id=\"evidence-file\" name=\"file\" accept=\"{EvidenceFileType.AcceptAttribute}\" aria-describedby=\"evidence-file-hint{errorId}\"{invalid}>\n");
        }

        body.Append(CultureInfo.InvariantCulture, $"<p><button type=\"submit\">{(isRevision ? "Submit the new version" : "Submit for review")}</button></p>\n</form>\n</section>\n");
    }
}
