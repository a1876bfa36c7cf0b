using System.Globalization;
using LtiPd.Gamification.Engine;
using LtiPd.LtiTool.Hosting;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Pages;
using LtiPd.LtiTool.Pathways;
using LtiPd.LtiTool.Platforms;
using LtiPd.LtiTool.Schools;
using LtiPd.LtiTool.Sessions;

namespace LtiPd.LtiTool.Branding;

/// <summary>
/// Serves <c>/app/settings</c> (PD leaders: branding, level names and images; administrators also
/// import the school roster), the uploaded logo and the uploaded level images. The district is always the session's own.
/// </summary>
internal sealed partial class SettingsPageHandler
{
    private readonly LeaderAccess _access;
    private readonly SessionAccessor _sessions;
    private readonly PlatformRegistry _registry;
    private readonly BrandingStore _branding;
    private readonly LevelImageStore _levelImages;
    private readonly GamificationEngine _engine;
    private readonly SchoolDirectory _schools;
    private readonly ILogger<SettingsPageHandler> _logger;

    public SettingsPageHandler(
        LeaderAccess access,
        SessionAccessor sessions,
        PlatformRegistry registry,
        BrandingStore branding,
        LevelImageStore levelImages,
        GamificationEngine engine,
        SchoolDirectory schools,
        ILogger<SettingsPageHandler> logger)
    {
        _access = access;
        _sessions = sessions;
        _registry = registry;
        _branding = branding;
        _levelImages = levelImages;
        _engine = engine;
        _schools = schools;
        _logger = logger;
    }

    public async Task<IResult> PageAsync(HttpContext context)
    {
        var (leader, rejection) = await _access.AuthorizeAsync(context);
        if (leader is null)
        {
            return rejection!;
        }

        var status = context.Request.Query["saved"].ToString() switch
        {
            "settings" => "The settings are saved.",
            "roster" => $"The roster is imported: {context.Request.Query["rows"]} rows.",
            _ => null,
        };
        return await RenderAsync(context, leader, [], [], [], status, StatusCodes.Status200OK);
    }

    public async Task<IResult> SaveAsync(HttpContext context)
    {
        var (leader, form, rejection) = await _access.AuthorizePostAsync(context);
        if (leader is null)
        {
            return rejection!;
        }

        // The district always comes from the session. A form that names another district was
        // built for another sign-in or forged, so nothing of it is saved.
        var posted = form!["district_id"].ToString();
        if (posted.Length > 0 && !string.Equals(posted, leader.DistrictId, StringComparison.Ordinal))
        {
            Log.ForeignDistrictRejected(_logger, leader.DistrictId, leader.Session.UserId);
            var message = $"The form is for district '{posted}', but you are signed in to district '{leader.DistrictId}'. Nothing was saved. Reload the settings page and save again.";
            return await RenderAsync(context, leader, [message], [], [], null, StatusCodes.Status400BadRequest);
        }

        var rules = await _engine.GetRulesAsync(leader.DistrictId, context.RequestAborted);
        var change = await BrandingForm.ParseAsync(form!, leader.DistrictId, rules.Levels.Count, context.RequestAborted);
        if (change.Errors.Count > 0)
        {
            return await RenderAsync(context, leader, change.Errors, change.Notices, [], null, StatusCodes.Status400BadRequest);
        }

        // Level names live in the district's rule set, so the engine's level statements use them.
        // The rules are saved first: if the branding write then fails, the leader saves again.
        var levels = rules.Levels
            .Select((level, index) => level with { Name = change.LevelNames[index], ImageUrl = change.LevelImages[index].UrlFor(level.ImageUrl) })
            .ToList();
        if (!levels.SequenceEqual(rules.Levels))
        {
            var applied = await _engine.ApplyRulesAsync(leader.DistrictId, rules with { Levels = levels }, leader.Session.UserId, context.RequestAborted);
            if (!applied.Succeeded)
            {
                return await RenderAsync(context, leader, [applied.Error!.Message], change.Notices, [], null, StatusCodes.Status400BadRequest);
            }
        }

        await _branding.SaveAsync(change.Branding, change.Logo, change.RemoveLogo, context.RequestAborted);
        await _levelImages.ApplyAsync(leader.DistrictId, change.LevelImages, context.RequestAborted);
        Log.SettingsSaved(_logger, leader.DistrictId, leader.Session.UserId);
        return new SeeOtherResult("/app/settings?saved=settings");
    }

    public async Task<IResult> ImportRosterAsync(HttpContext context)
    {
        var (leader, form, rejection) = await _access.AuthorizePostAsync(context, PdRole.Administrator);
        if (leader is null)
        {
            return rejection!;
        }

        var file = form!.Files.GetFile("roster");
        IReadOnlyList<RosterProblem> problems;
        if (file is null || file.Length == 0)
        {
            problems = [new RosterProblem(0, "file", "No file was uploaded. Choose the roster CSV and import again.")];
        }
        else if (file.Length > RosterCsvReader.MaxBytes)
        {
            problems = [new RosterProblem(0, "file", $"The file is {file.Length} bytes; the limit is {RosterCsvReader.MaxBytes}. Split it into several files.")];
        }
        else
        {
            await using var stream = file.OpenReadStream();
            var (imported, found) = await _schools.ImportAsync(leader.Registration, stream, context.RequestAborted);
            if (found.Count == 0)
            {
                return new SeeOtherResult($"/app/settings?saved=roster&rows={imported}#schools");
            }

            problems = found;
        }

        return await RenderAsync(context, leader, [], [], problems, null, StatusCodes.Status400BadRequest);
    }

    public async Task<IResult> LogoAsync(HttpContext context, string districtId)
    {
        var session = await _sessions.GetAsync(context);
        var registration = session is null ? null : await _registry.FindByIdAsync(session.RegistrationId, context.RequestAborted);
        if (registration is null || !string.Equals(registration.DistrictId, districtId, StringComparison.Ordinal)
            || await _branding.FindLogoAsync(districtId, context.RequestAborted) is not { } logo)
        {
            return Results.NotFound();
        }

        return ImageResult(context, logo, "logo");
    }

    public async Task<IResult> LevelImageAsync(HttpContext context, string districtId, int level, string imageId)
    {
        var session = await _sessions.GetAsync(context);
        var registration = session is null ? null : await _registry.FindByIdAsync(session.RegistrationId, context.RequestAborted);
        if (registration is null || !string.Equals(registration.DistrictId, districtId, StringComparison.Ordinal))
        {
            return Results.NotFound();
        }

        // An image stored for a level the district's rules no longer have is not served, because
        // no page shows that level any more.
        var rules = await _engine.GetRulesAsync(districtId, context.RequestAborted);
        if (level > rules.Levels.Count || await _levelImages.FindAsync(districtId, level, imageId, context.RequestAborted) is not { } image)
        {
            return Results.NotFound();
        }

        return ImageResult(context, image, string.Create(CultureInfo.InvariantCulture, $"level-{level}"));
    }

    private static IResult ImageResult(HttpContext context, (string MediaType, byte[] Bytes) image, string fileName)
    {
        // The bytes were checked as an image at upload; these headers keep a browser from ever
        // treating them as anything else.
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        headers.CacheControl = "private, max-age=86400";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        headers.ContentDisposition = $"inline; filename=\"{fileName}\"";
        return Results.Bytes(image.Bytes, image.MediaType);
    }

    private async Task<IResult> RenderAsync(
        HttpContext context,
        LeaderContext leader,
        IReadOnlyList<string> errors,
        IReadOnlyList<string> notices,
        IReadOnlyList<RosterProblem> rosterProblems,
        string? status,
        int statusCode)
    {
        var branding = await _branding.FindAsync(leader.DistrictId, context.RequestAborted);
        if (notices.Count == 0 && HexColor.Parse(branding?.HeaderColor) is { } header)
        {
            notices = [BrandingForm.HeaderNotice(header)];
        }

        var rules = await _engine.GetRulesAsync(leader.DistrictId, context.RequestAborted);
        var levelImages = await _levelImages.ListAsync(leader.DistrictId, context.RequestAborted);
        var view = SettingsView.Render(leader.Session, leader.DistrictId, branding, rules.Levels, levelImages, errors, notices, rosterProblems, status);
        return PageLayout.Result(context, view, statusCode);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1746, EventName = "DistrictSettingsSaved", Level = LogLevel.Information,
            Message = "District settings of {DistrictId} saved by user {UserId}")]
        public static partial void SettingsSaved(ILogger logger, string districtId, string userId);

        [LoggerMessage(EventId = 1990, EventName = "DistrictSettingsForeignDistrictRejected", Level = LogLevel.Information,
            Message = "District settings post by user {UserId} of {DistrictId} named another district; nothing was saved")]
        public static partial void ForeignDistrictRejected(ILogger logger, string districtId, string userId);
    }
}
