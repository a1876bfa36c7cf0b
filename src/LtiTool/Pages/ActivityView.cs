using System.Globalization;
using System.Text;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Review;
using LtiPd.LtiTool.Sessions;

namespace LtiPd.LtiTool.Pages;

/// <summary>
/// The activity player at <c>/app/modules/{id}/activities/{activityId}</c>: the activity's text,
/// then the part its kind needs (mark done, video, quiz, reflection, evidence rubric).
/// </summary>
internal sealed class ActivityView
{
    private readonly SafeHtml _safeHtml;
    private readonly CatalogOptions _options;
    private readonly EvidenceOptions _evidenceOptions;

    public ActivityView(SafeHtml safeHtml, CatalogOptions options, EvidenceOptions evidenceOptions)
    {
        _safeHtml = safeHtml;
        _options = options;
        _evidenceOptions = evidenceOptions;
    }

    public string Render(
        LtiSession session,
        CatalogModule module,
        CatalogActivity activity,
        ActivityProgressRecord? record,
        ModuleProgress progress,
        ActivityPageState state,
        string awardNotice = "")
    {
        var body = new StringBuilder(awardNotice);
        body.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">{LearnerText.KindLabel(activity.Kind)} · {LearnerText.Requirement(activity)} · {LearnerText.Points(activity.Points)} · about {LearnerText.Minutes(activity.EstimatedMinutes)} · ");
        body.Append(CultureInfo.InvariantCulture, $"<span data-testid=\"activity-status\">{PageLayout.Encode(LearnerText.Status(record))}</span></p>\n");

        if (progress.IsComplete)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"notice success\" role=\"status\" data-testid=\"module-complete\">You have completed the module {PageLayout.Encode(module.Title)}.</p>\n");
        }

        if (state.Error is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"<div class=\"notice error\" role=\"alert\" id=\"form-error\" data-testid=\"error\"><p>{PageLayout.Encode(state.Error)}</p></div>\n");
        }

        if (activity.Kind == ActivityKind.Watch)
        {
            AppendVideo(body, activity);
        }

        body.Append("<div class=\"content\" data-testid=\"activity-body\">\n").Append(activity.BodyHtml).Append("</div>\n");

        switch (activity.Kind)
        {
            case ActivityKind.Read:
            case ActivityKind.Watch:
                AppendMarkDone(body, session, module, activity, record);
                break;
            case ActivityKind.Quiz:
                QuizView.Append(body, session, module, activity, record, state);
                break;
            case ActivityKind.Reflect:
                AppendReflection(body, session, module, activity, record, state);
                break;
            case ActivityKind.Evidence:
                EvidenceView.Append(body, session, module, activity, state, _evidenceOptions, _safeHtml);
                break;
        }

        AppendNavigation(body, module, activity);
        return PageLayout.Render(activity.Title, body.ToString(),
            [new("My dashboard", "/app"), new("Module catalog", "/app/modules"), new(module.Title, LearnerText.ModuleUrl(module)), new(activity.Title, null)]);
    }

    private void AppendVideo(StringBuilder body, CatalogActivity activity)
    {
        var video = activity.Video!;
        Uri? url = video.EmbedUrl;
        Uri? captions = video.CaptionsUrl;
        if (video.Slot is not null && _options.Videos.TryGetValue(video.Slot, out var configured))
        {
            url = new Uri(configured.Url);
            captions = new Uri(configured.CaptionsUrl);
        }

        if (url is null)
        {
            body.Append(CultureInfo.InvariantCulture, $"<div class=\"placeholder\" data-testid=\"video-placeholder\"><p><strong>Video placeholder.</strong> Your district has not added the video for this activity yet ");
            body.Append(CultureInfo.InvariantCulture, $"(slot <code>{PageLayout.Encode(video.Slot ?? string.Empty)}</code>, set in <code>Catalog:Videos</code>). The summary below covers the same ideas, so you can complete the activity without it.</p></div>\n");
            return;
        }

        body.Append(CultureInfo.InvariantCulture, $"<iframe class=\"video\" src=\"{PageLayout.Encode(url.AbsoluteUri)}\" title=\"Video: {PageLayout.Encode(activity.Title)}\" loading=\"lazy\" allow=\"fullscreen; picture-in-picture\" referrerpolicy=\"strict-origin-when-cross-origin\" data-testid=\"video\"></iframe>\n");
        body.Append(CultureInfo.InvariantCulture, $"<p><a href=\"{PageLayout.Encode(captions!.AbsoluteUri)}\" data-testid=\"captions\">Captions and transcript for this video</a></p>\n");
    }

    private static void AppendMarkDone(StringBuilder body, LtiSession session, CatalogModule module, CatalogActivity activity, ActivityProgressRecord? record)
    {
        if (record?.Status == ActivityStatus.Done)
        {
            body.Append("<p class=\"notice success\" data-testid=\"marked-done\">You marked this activity done.</p>\n");
            return;
        }

        var verb = activity.Kind == ActivityKind.Watch ? "watched or read" : "read";
        body.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{PageLayout.Encode(LearnerText.ActivityUrl(module, activity))}/done\">\n{CsrfCheck.HiddenField(session)}\n");
        body.Append(CultureInfo.InvariantCulture, $"<button type=\"submit\">I have {verb} this: mark it done</button>\n</form>\n");
    }

    private void AppendReflection(StringBuilder body, LtiSession session, CatalogModule module, CatalogActivity activity, ActivityProgressRecord? record, ActivityPageState state)
    {
        var spec = activity.Reflection!;
        if (record?.Status == ActivityStatus.Done && record.Response is not null && state.Error is null)
        {
            body.Append("<section aria-labelledby=\"saved-heading\" class=\"card\">\n<h2 id=\"saved-heading\">Your saved reflection</h2>\n");
            body.Append(CultureInfo.InvariantCulture, $"<div data-testid=\"saved-reflection\">{_safeHtml.FromMarkdown(record.Response)}</div>\n</section>\n");
        }

        var draft = state.ReflectionDraft ?? record?.Response ?? string.Empty;
        var invalid = state.Error is null ? string.Empty : " aria-invalid=\"true\"";
        var describedBy = state.Error is null ? "reflection-hint" : "reflection-hint form-error";
        body.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{PageLayout.Encode(LearnerText.ActivityUrl(module, activity))}/reflection\">\n{CsrfCheck.HiddenField(session)}\n");
        body.Append(CultureInfo.InvariantCulture, $"<label for=\"reflection\">{PageLayout.Encode(spec.Prompt)}</label>\n");
        body.Append(CultureInfo.InvariantCulture, $"<p class=\"hint\" id=\"reflection-hint\">Write at least {spec.MinLength} characters (at most {spec.MaxLength}). You may use Markdown for lists and emphasis.</p>\n");
        body.Append(CultureInfo.InvariantCulture, $"<textarea id=\"reflection\" name=\"reflection\" required minlength=\"{spec.MinLength}\" maxlength=\"{spec.MaxLength}\" aria-describedby=\"{describedBy}\"{invalid}>{PageLayout.Encode(draft)}</textarea>\n");
        body.Append(CultureInfo.InvariantCulture, $"<button type=\"submit\">{(record?.Status == ActivityStatus.Done ? "Update my reflection" : "Save my reflection")}</button>\n</form>\n");
    }

    private static void AppendNavigation(StringBuilder body, CatalogModule module, CatalogActivity activity)
    {
        var index = module.Activities.ToList().IndexOf(activity);
        body.Append("<nav class=\"pager\" aria-label=\"Activities of this module\"><ul class=\"plain\">\n");
        if (index > 0)
        {
            var previous = module.Activities[index - 1];
            body.Append(CultureInfo.InvariantCulture, $"<li>Previous: <a href=\"{PageLayout.Encode(LearnerText.ActivityUrl(module, previous))}\">{PageLayout.Encode(previous.Title)}</a></li>\n");
        }

        if (index < module.Activities.Count - 1)
        {
            var next = module.Activities[index + 1];
            body.Append(CultureInfo.InvariantCulture, $"<li>Next: <a href=\"{PageLayout.Encode(LearnerText.ActivityUrl(module, next))}\" data-testid=\"next-activity\">{PageLayout.Encode(next.Title)}</a></li>\n");
        }

        body.Append(CultureInfo.InvariantCulture, $"<li><a href=\"{PageLayout.Encode(LearnerText.ModuleUrl(module))}\">Back to the module overview</a></li>\n</ul></nav>\n");
    }
}
