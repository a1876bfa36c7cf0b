using System.Globalization;
using System.Text;
using LtiPd.Gamification.Engine;
using LtiPd.Gamification.Points;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Pages;
using LtiPd.LtiTool.Sessions;

namespace LtiPd.LtiTool.Recognition;

/// <summary>The sections of the recognition administration page.</summary>
internal static class RecognitionAdminView
{
    public static string Held(IReadOnlyList<LedgerEntry> held, LtiSession session, ModuleCatalog catalog)
    {
        var html = new StringBuilder("<section aria-labelledby=\"held-heading\">\n<h2 id=\"held-heading\">Awards held for review</h2>\n");
        html.Append("<p class=\"hint\">Awards are held when a teacher earns more than the burst limit in a short time. Release the ones that are genuine.</p>\n");
        if (held.Count == 0)
        {
            return html.Append("<p data-testid=\"held-empty\">No awards are waiting for review.</p>\n</section>\n").ToString();
        }

        html.Append("<ul class=\"plain\" data-testid=\"held\">\n");
        foreach (var award in held)
        {
            html.Append(CultureInfo.InvariantCulture, $"<li class=\"card\" data-award-key=\"{award.AwardKey}\"><p>{PageLayout.Encode(AwardReasonText.ForDisplay(award.Reason, catalog))}</p>\n");
            html.Append(DecisionForm(session, award.AwardKey, "release", "Release"));
            html.Append(DecisionForm(session, award.AwardKey, "reject", "Reject"));
            html.Append("</li>\n");
        }

        return html.Append("</ul>\n</section>\n").ToString();
    }

    public static string Recent(IReadOnlyList<(LedgerEntry Entry, bool Reversed)> rows, LtiSession session, ModuleCatalog catalog)
    {
        var html = new StringBuilder("<section aria-labelledby=\"recent-heading\">\n<h2 id=\"recent-heading\">Recent ledger rows</h2>\n");
        html.Append("<p class=\"hint\">Reversing a row subtracts its points and keeps both rows, with your name and reason, in the audit log.</p>\n");
        html.Append("<ul class=\"plain\" data-testid=\"recent\">\n");
        foreach (var (entry, reversed) in rows)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<li class=\"card\" data-award-key=\"{entry.AwardKey}\"><p>{PageLayout.Encode(AwardReasonText.ForDisplay(entry.Reason, catalog))} <span class=\"tag\">{entry.Points.ToString("+0;-0;0", CultureInfo.InvariantCulture)}</span> <span class=\"tag\">{entry.Status}</span></p>\n");
            if (reversed)
            {
                html.Append("<p class=\"meta\">Reversed.</p>\n");
            }
            else if (entry.RuleKey != "reversal")
            {
                html.Append(DecisionForm(session, entry.AwardKey, "reverse", "Reverse"));
            }

            html.Append("</li>\n");
        }

        return html.Append("</ul>\n</section>\n").ToString();
    }

    public static string Rules(string rulesJson, IReadOnlyList<StandingChange>? preview, LtiSession session)
    {
        var html = new StringBuilder("<section aria-labelledby=\"rules-heading\">\n<h2 id=\"rules-heading\">Rules</h2>\n");
        html.Append("<p class=\"hint\">Edit point values, caps, levels, badges, seasons and the calendar. Preview shows who would change; applying recomputes every standing from the stored statements.</p>\n");
        if (preview is not null)
        {
            html.Append(Preview(preview));
        }

        foreach (var (action, label) in new[] { ("preview", "Preview the change"), ("apply", "Apply the change") })
        {
            if (action == "apply" && preview is null)
            {
                continue;
            }

            var fieldId = $"rules-{action}";
            html.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"/app/recognition/admin/rules/{action}\">{CsrfCheck.HiddenField(session)}\n");
            html.Append(CultureInfo.InvariantCulture, $"<label for=\"{fieldId}\">Rule set (JSON)</label>\n<textarea id=\"{fieldId}\" name=\"rules\" spellcheck=\"false\">{PageLayout.Encode(rulesJson)}</textarea>\n");
            html.Append(CultureInfo.InvariantCulture, $"<button type=\"submit\">{label}</button>\n</form>\n");
        }

        return html.Append("</section>\n").ToString();
    }

    public static string Revoke(LtiSession session) => $$"""
        <section aria-labelledby="revoke-heading">
        <h2 id="revoke-heading">Revoke a badge credential</h2>
        <form method="post" action="/app/recognition/admin/credentials/revoke">{{CsrfCheck.HiddenField(session)}}
        <label for="credential-id">Credential id</label>
        <input type="text" id="credential-id" name="credential_id" required>
        <label for="revoke-reason">Reason (published in the revocation list)</label>
        <input type="text" id="revoke-reason" name="reason" required maxlength="500">
        <button type="submit">Revoke</button>
        </form>
        </section>

        """;

    private static string Preview(IReadOnlyList<StandingChange> changes)
    {
        var html = new StringBuilder("<h3>Preview</h3>\n");
        if (changes.Count == 0)
        {
            return html.Append("<p data-testid=\"preview-empty\">Nobody's points, level or badges would change.</p>\n").ToString();
        }

        html.Append("<div class=\"table-scroll\"><table data-testid=\"preview\">\n<caption>Who would change</caption>\n");
        html.Append("<thead><tr><th scope=\"col\">Teacher id</th><th scope=\"col\">Points</th><th scope=\"col\">Level</th><th scope=\"col\">Badges gained</th><th scope=\"col\">Badges lost</th></tr></thead>\n<tbody>\n");
        foreach (var change in changes)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{change.UserId[..12]}</td><td>{change.PointsBefore} to {change.PointsAfter}</td><td>{change.LevelBefore} to {change.LevelAfter}</td>" +
                $"<td>{PageLayout.Encode(string.Join(", ", change.BadgesGained))}</td><td>{PageLayout.Encode(string.Join(", ", change.BadgesLost))}</td></tr>\n");
        }

        return html.Append("</tbody></table></div>\n").ToString();
    }

    private static string DecisionForm(LtiSession session, string awardKey, string decision, string label)
    {
        var fieldId = $"{decision}-{awardKey[..12]}";
        return $"<form method=\"post\" action=\"/app/recognition/admin/awards/{awardKey}/{decision}\">{CsrfCheck.HiddenField(session)}" +
            $"<label for=\"{fieldId}\">Reason to {decision}</label><input type=\"text\" id=\"{fieldId}\" name=\"reason\" required maxlength=\"500\">" +
            $"<button type=\"submit\">{label}</button></form>\n";
    }
}
