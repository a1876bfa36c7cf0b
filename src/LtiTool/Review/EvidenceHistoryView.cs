using System.Globalization;
using System.Text;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Pages;

namespace LtiPd.LtiTool.Review;

/// <summary>
/// The history of a piece of evidence, newest revision first: what was sent in each revision and
/// the reviewer's decision, rubric levels and feedback on it. Learner text and feedback are
/// Markdown rendered through <see cref="SafeHtml"/>; everything else is encoded.
/// </summary>
internal static class EvidenceHistoryView
{
    public static void Append(StringBuilder body, EvidenceSubmission submission, Rubric rubric, SafeHtml safeHtml, string headingLevel)
    {
        body.Append("<ol class=\"plain\" data-testid=\"evidence-history\" reversed>\n");
        foreach (var revision in submission.Revisions.Reverse())
        {
            var review = submission.Reviews.FirstOrDefault(candidate => candidate.Revision == revision.Revision);
            body.Append(CultureInfo.InvariantCulture, $"<li class=\"card\" data-testid=\"revision\" data-revision=\"{revision.Revision}\">\n");
            body.Append(CultureInfo.InvariantCulture, $"<{headingLevel}>Version {revision.Revision}, submitted {Date(revision.SubmittedAt)}</{headingLevel}>\n");
            AppendRevision(body, submission.Id, revision, safeHtml);
            if (review is not null)
            {
                AppendReview(body, review, rubric, safeHtml);
            }
            else if (revision.Revision == submission.Revision && submission.AwaitsReview)
            {
                body.Append("<p class=\"meta\">Waiting for review.</p>\n");
            }

            body.Append("</li>\n");
        }

        body.Append("</ol>\n");
    }

    /// <summary>Formats an instant for the pages, such as <c>4 Dec 2026, 21:05 UTC</c>.</summary>
    public static string Date(DateTimeOffset instant) =>
        instant.ToUniversalTime().ToString("d MMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string StatusLabel(EvidenceStatus status) => status switch
    {
        EvidenceStatus.Submitted => "Waiting for review",
        EvidenceStatus.Resubmitted => "Resubmitted, waiting for review",
        EvidenceStatus.Returned => "Returned for revision",
        EvidenceStatus.Approved => "Approved",
    };

    private static void AppendRevision(StringBuilder body, string submissionId, EvidenceRevision revision, SafeHtml safeHtml)
    {
        if (revision.Text is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"<div class=\"content\" data-testid=\"evidence-text\">{safeHtml.FromMarkdown(revision.Text)}</div>\n");
        }

        if (revision.Link is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p>Link: <a href=\"{PageLayout.Encode(revision.Link)}\" rel=\"noopener noreferrer nofollow ugc\" data-testid=\"evidence-link\">{PageLayout.Encode(revision.Link)}</a></p>\n");
        }

        if (revision.File is { } file)
        {
            var url = EvidenceStatements.FilePath(submissionId, revision.Revision);
            body.Append(CultureInfo.InvariantCulture, $"<p>File: <a href=\"{PageLayout.Encode(url)}\" download data-testid=\"evidence-file\">{PageLayout.Encode(file.Name)}</a> <span class=\"meta\">({EvidenceFileName.Size(file.Length)})</span></p>\n");
        }
    }

    private static void AppendReview(StringBuilder body, EvidenceReview review, Rubric rubric, SafeHtml safeHtml)
    {
        var cssClass = review.Decision == EvidenceStatus.Approved ? "notice success" : "notice";
        var decision = review.Decision == EvidenceStatus.Approved ? "Approved" : "Returned for revision";
        var reviewer = review.ReviewerName is null ? string.Empty : $" by {PageLayout.Encode(review.ReviewerName)}";
        body.Append(CultureInfo.InvariantCulture, $"<div class=\"{cssClass}\" data-testid=\"review\" data-decision=\"{review.Decision}\">\n");
        body.Append(CultureInfo.InvariantCulture, $"<p><strong>{decision}</strong>{reviewer} on {Date(review.DecidedAt)}. Rubric score: {review.Score} of {review.MaxScore}.</p>\n<ul>\n");
        foreach (var criterion in rubric.Criteria)
        {
            var level = review.Levels.TryGetValue(criterion.Id, out var levelId) ? rubric.Levels.FirstOrDefault(candidate => candidate.Id == levelId) : null;
            var label = level is null ? "not scored" : $"{level.Label} ({level.Score})";
            body.Append(CultureInfo.InvariantCulture, $"<li>{PageLayout.Encode(criterion.Title)}: {PageLayout.Encode(label)}</li>\n");
        }

        body.Append("</ul>\n");
        if (review.Feedback.Length > 0)
        {
            body.Append(CultureInfo.InvariantCulture, $"<div data-testid=\"feedback\"><p><strong>Feedback</strong></p>{safeHtml.FromMarkdown(review.Feedback)}</div>\n");
        }

        body.Append("</div>\n");
    }
}
