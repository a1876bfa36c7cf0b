using System.Globalization;
using System.Text;
using System.Text.Json;
using LtiPd.Gamification;
using LtiPd.Gamification.Badges;
using LtiPd.Gamification.Engine;
using LtiPd.Gamification.Points;
using LtiPd.Gamification.Rules;
using LtiPd.LtiTool.Branding;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Hosting;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Pages;
using LtiPd.LtiTool.Sessions;

namespace LtiPd.LtiTool.Recognition;

/// <summary>
/// The PD leader and administrator page for recognition: release or reject awards held by the
/// burst limit, reverse a ledger row, preview and apply a rule change, revoke a badge credential.
/// PD leaders may decide on awards; rule changes and revocations need a district administrator.
/// Every decision is stored with its actor and reason in the audit log.
/// </summary>
internal sealed class RecognitionAdminHandler
{
    private const string AdminPath = "/app/recognition/admin";

    private static readonly JsonSerializerOptions IndentedJson = new() { WriteIndented = true };

    private readonly SessionAccessor _sessions;
    private readonly RecognitionViewers _viewers;
    private readonly GamificationEngine _engine;
    private readonly AwardAdministration _administration;
    private readonly BadgeCredentialStore _credentials;
    private readonly LevelImageStore _levelImages;
    private readonly ModuleCatalog _catalog;

    public RecognitionAdminHandler(
        SessionAccessor sessions,
        RecognitionViewers viewers,
        GamificationEngine engine,
        AwardAdministration administration,
        BadgeCredentialStore credentials,
        LevelImageStore levelImages,
        ModuleCatalog catalog)
    {
        _sessions = sessions;
        _viewers = viewers;
        _engine = engine;
        _administration = administration;
        _credentials = credentials;
        _levelImages = levelImages;
        _catalog = catalog;
    }

    public async Task<IResult> PageAsync(HttpContext context)
    {
        var (viewer, rejection) = await AuthorizeAsync(context, PdRole.Instructor, post: false);
        return viewer is null ? rejection! : await RenderAsync(context, viewer, context.Request.Query["notice"].ToString(), null, StatusCodes.Status200OK);
    }

    public async Task<IResult> DecideAsync(HttpContext context, string awardKey, string decision)
    {
        var (viewer, rejection) = await AuthorizeAsync(context, PdRole.Instructor, post: true);
        if (viewer is null)
        {
            return rejection!;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var reason = form["reason"].ToString().Trim();
        var actor = viewer.Session.DisplayName ?? viewer.UserId;
        var result = decision switch
        {
            "reverse" => await _administration.ReverseAsync(viewer.TenantId, awardKey, actor, reason, context.RequestAborted),
            "release" => await _administration.ReleaseAsync(viewer.TenantId, awardKey, actor, reason, context.RequestAborted),
            _ => await _administration.RejectAsync(viewer.TenantId, awardKey, actor, reason, context.RequestAborted),
        };
        return result.Error is { } error
            ? await RenderAsync(context, viewer, null, error.Message, StatusCode(error))
            : new SeeOtherResult($"{AdminPath}?notice={decision}");
    }

    public async Task<IResult> RulesAsync(HttpContext context, bool apply)
    {
        var (viewer, rejection) = await AuthorizeAsync(context, PdRole.Administrator, post: true);
        if (viewer is null)
        {
            return rejection!;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var json = form["rules"].ToString();
        RuleSet rules;
        try
        {
            rules = RuleSetSerializer.Deserialize(json);
        }
        catch (JsonException exception)
        {
            return await RenderAsync(context, viewer, null, $"The rules are not valid JSON for a rule set: {exception.Message} Fix the JSON and preview again.", StatusCodes.Status400BadRequest, json);
        }

        var actor = viewer.Session.DisplayName ?? viewer.UserId;
        var result = apply
            ? await _engine.ApplyRulesAsync(viewer.TenantId, rules, actor, context.RequestAborted)
            : await _engine.PreviewRulesAsync(viewer.TenantId, rules, context.RequestAborted);
        if (result.Error is { } error)
        {
            return await RenderAsync(context, viewer, null, error.Message, StatusCode(error), json);
        }

        if (!apply)
        {
            return await RenderAsync(context, viewer, null, null, StatusCodes.Status200OK, json, result.Value);
        }

        await _levelImages.DeleteAboveAsync(viewer.TenantId, rules.Levels.Count, context.RequestAborted);
        return new SeeOtherResult($"{AdminPath}?notice=rules");
    }

    public async Task<IResult> RevokeAsync(HttpContext context)
    {
        var (viewer, rejection) = await AuthorizeAsync(context, PdRole.Administrator, post: true);
        if (viewer is null)
        {
            return rejection!;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var idText = form["credential_id"].ToString().Trim();
        if (idText.StartsWith("urn:uuid:", StringComparison.Ordinal))
        {
            idText = idText["urn:uuid:".Length..];
        }

        if (!Guid.TryParse(idText, out var credentialId))
        {
            return await RenderAsync(context, viewer, null, $"Credential id '{idText}' is not a UUID. Paste the id from the credential, such as urn:uuid:… or its UUID.", StatusCodes.Status400BadRequest);
        }

        var result = await _credentials.RevokeAsync(viewer.TenantId, credentialId, viewer.Session.DisplayName ?? viewer.UserId, form["reason"].ToString().Trim(), context.RequestAborted);
        return result.Error is { } error
            ? await RenderAsync(context, viewer, null, error.Message, StatusCode(error))
            : new SeeOtherResult($"{AdminPath}?notice=revoked");
    }

    private async Task<IResult> RenderAsync(
        HttpContext context, RecognitionViewer viewer, string? notice, string? error, int statusCode, string? rulesJson = null, IReadOnlyList<StandingChange>? preview = null)
    {
        var held = await _administration.GetHeldAsync(viewer.TenantId, context.RequestAborted);
        var recent = await _administration.GetRecentAsync(viewer.TenantId, 30, context.RequestAborted);
        rulesJson ??= JsonSerializer.Serialize(
            JsonSerializer.Deserialize<JsonElement>(RuleSetSerializer.Serialize(await _engine.GetRulesAsync(viewer.TenantId, context.RequestAborted))),
            IndentedJson);
        var body = new StringBuilder();
        if (!string.IsNullOrEmpty(notice))
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"notice success\" role=\"status\" data-testid=\"notice\">Saved: {PageLayout.Encode(notice)}.</p>\n");
        }

        if (error is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"notice error\" role=\"alert\" data-testid=\"error\">{PageLayout.Encode(error)}</p>\n");
        }

        body.Append(RecognitionAdminView.Held(held, viewer.Session, _catalog));
        body.Append(RecognitionAdminView.Recent(recent.Value!, viewer.Session, _catalog));
        if (viewer.Session.Role >= PdRole.Administrator)
        {
            body.Append(RecognitionAdminView.Rules(rulesJson, preview, viewer.Session));
            body.Append(RecognitionAdminView.Revoke(viewer.Session));
        }

        return PageLayout.Result(context, PageLayout.Render("Recognition administration", body.ToString()), statusCode);
    }

    private async Task<(RecognitionViewer? Viewer, IResult? Rejection)> AuthorizeAsync(HttpContext context, PdRole minimum, bool post)
    {
        var session = await _sessions.GetAsync(context);
        if (session is null)
        {
            return (null, LearnerPageResults.SignInRequired(context));
        }

        if (post)
        {
            var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : FormCollection.Empty;
            if (!CsrfCheck.IsValid(session, form))
            {
                return (null, LearnerPageResults.CsrfRejected(context));
            }
        }

        if (session.Role < minimum)
        {
            var who = minimum == PdRole.Administrator ? "district administrators" : "PD leaders and district administrators";
            var body = $"<p role=\"alert\">Only {who} can use this page.</p>";
            return (null, PageLayout.Result(context, PageLayout.Render("Recognition administration", body), StatusCodes.Status403Forbidden));
        }

        var viewer = await _viewers.ResolveAsync(session, context.RequestAborted);
        return viewer is null ? (null, LearnerPageResults.SignInRequired(context)) : (viewer, null);
    }

    private static int StatusCode(GamificationError error) => error switch
    {
        NotFoundError => StatusCodes.Status404NotFound,
        ConflictError => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status400BadRequest,
    };
}
