using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Hosting;
using LtiPd.LtiTool.Pages;
using LtiPd.LtiTool.Schools;
using LtiPd.LtiTool.Sessions;

namespace LtiPd.LtiTool.Pathways;

/// <summary>Serves the pathway pages: the leader's list and editor, and the teacher's "my pathway".</summary>
internal sealed class PathwayPageHandler
{
    private readonly LeaderAccess _access;
    private readonly SessionAccessor _sessions;
    private readonly PathwayStore _store;
    private readonly PathwayProgressService _pathwayProgress;
    private readonly ProgressStore _progress;
    private readonly ModuleCatalog _catalog;
    private readonly DistrictDirectory _districts;
    private readonly SchoolDirectory _schools;
    private readonly ComplianceBuildQueue _complianceBuilds;
    private readonly PathwayCycleWork _cycleWork;
    private readonly TimeProvider _timeProvider;

    public PathwayPageHandler(
        LeaderAccess access,
        SessionAccessor sessions,
        PathwayStore store,
        PathwayProgressService pathwayProgress,
        ProgressStore progress,
        ModuleCatalog catalog,
        DistrictDirectory districts,
        SchoolDirectory schools,
        ComplianceBuildQueue complianceBuilds,
        PathwayCycleWork cycleWork,
        TimeProvider timeProvider)
    {
        _access = access;
        _sessions = sessions;
        _store = store;
        _pathwayProgress = pathwayProgress;
        _progress = progress;
        _catalog = catalog;
        _districts = districts;
        _schools = schools;
        _complianceBuilds = complianceBuilds;
        _cycleWork = cycleWork;
        _timeProvider = timeProvider;
    }

    public async Task<IResult> ListAsync(HttpContext context)
    {
        var (leader, rejection) = await _access.AuthorizeAsync(context);
        if (leader is null)
        {
            return rejection!;
        }

        var pathways = await _store.ListAsync(leader.DistrictId, includeArchived: true, context.RequestAborted);
        return PageLayout.Result(context, PathwayViews.List(pathways, _catalog, saved: context.Request.Query.ContainsKey("saved")));
    }

    public async Task<IResult> EditorAsync(HttpContext context, string? pathwayId)
    {
        var (leader, rejection) = await _access.AuthorizeAsync(context);
        if (leader is null)
        {
            return rejection!;
        }

        Pathway? pathway = null;
        if (pathwayId is not null && (pathway = await _store.FindAsync(leader.DistrictId, pathwayId, context.RequestAborted)) is null)
        {
            return PathwayNotFound(context);
        }

        return await RenderEditorAsync(context, leader, pathway, [], StatusCodes.Status200OK);
    }

    public async Task<IResult> SaveAsync(HttpContext context, string? pathwayId)
    {
        var (leader, form, rejection) = await _access.AuthorizePostAsync(context);
        if (leader is null)
        {
            return rejection!;
        }

        var existing = pathwayId is null ? null : await _store.FindAsync(leader.DistrictId, pathwayId, context.RequestAborted);
        if (pathwayId is not null && existing is null)
        {
            return PathwayNotFound(context);
        }

        var identity = existing ?? new Pathway { Id = "pw_" + Guid.NewGuid().ToString("N"), DistrictId = leader.DistrictId, Title = string.Empty };
        var courses = await _districts.ListCoursesAsync(leader.DistrictId, context.RequestAborted);
        var schools = await _schools.ListAsync(leader.DistrictId, context.RequestAborted);
        var (pathway, errors) = PathwayForm.Parse(form!, identity, _catalog, courses, schools);
        if (errors.Count > 0)
        {
            // Re-render with the submitted values, so the leader fixes only what is wrong.
            return PageLayout.Result(context, PathwayViews.Editor(leader.Session, pathway, isNew: existing is null, _catalog, courses, schools, errors), StatusCodes.Status400BadRequest);
        }

        if (!await _store.SaveAsync(pathway, isNew: existing is null, _timeProvider.GetUtcNow(), context.RequestAborted))
        {
            return PathwayNotFound(context);
        }

        await _cycleWork.MoveIntoCurrentCycleAsync(pathway, context.RequestAborted);

        // The edit changed the pathway's build key, so its compliance rows are built now rather
        // than at the worker's next scan.
        _complianceBuilds.Request(leader.DistrictId);
        return new SeeOtherResult("/app/pathways?saved=1");
    }

    public async Task<IResult> ArchiveAsync(HttpContext context, string pathwayId)
    {
        var (leader, _, rejection) = await _access.AuthorizePostAsync(context);
        if (leader is null)
        {
            return rejection!;
        }

        return await _store.ArchiveAsync(leader.DistrictId, pathwayId, _timeProvider.GetUtcNow(), context.RequestAborted)
            ? new SeeOtherResult("/app/pathways?saved=1")
            : PathwayNotFound(context);
    }

    public async Task<IResult> MineAsync(HttpContext context)
    {
        var session = await _sessions.GetAsync(context);
        if (session is null)
        {
            return LearnerPageResults.SignInRequired(context);
        }

        var statuses = await _pathwayProgress.GetAndRecordAsync(session, context.RequestAborted);
        var records = await _progress.ListAsync(session.RegistrationId, session.UserId, context.RequestAborted);
        var progress = LearnerProgress.ByModule(_catalog.Modules, records);
        return PageLayout.Result(context, MyPathwayView.Render(session, statuses, progress, saved: context.Request.Query.ContainsKey("saved")));
    }

    public async Task<IResult> ChooseElectivesAsync(HttpContext context, string pathwayId)
    {
        var (session, form, rejection) = await _access.AuthorizeLearnerPostAsync(context);
        if (session is null)
        {
            return rejection!;
        }

        // Only a pathway assigned to the person can be chosen in, which also keeps it in their district.
        var statuses = await _pathwayProgress.GetAndRecordAsync(session, context.RequestAborted);
        var status = statuses.FirstOrDefault(candidate => candidate.Pathway.Id == pathwayId);
        if (status is null)
        {
            return PathwayNotFound(context);
        }

        var electives = status.Modules.Where(module => !module.Entry.IsRequired).Select(module => module.Module.Id).ToHashSet(StringComparer.Ordinal);
        var chosen = form!["module"].Select(value => value ?? string.Empty).Distinct(StringComparer.Ordinal).ToList();
        if (chosen.FirstOrDefault(id => !electives.Contains(id)) is { } unknown)
        {
            var body = $"<p role=\"alert\" data-testid=\"error\">Module '{PageLayout.Encode(unknown)}' is not an elective of this pathway. Go back, reload the page and choose again.</p>";
            return PageLayout.Result(context, PageLayout.Render("Electives not saved", body), StatusCodes.Status400BadRequest);
        }

        await _store.SetChoicesAsync(status.Pathway.DistrictId, pathwayId, session.UserId, chosen, _timeProvider.GetUtcNow(), context.RequestAborted);
        return new SeeOtherResult("/app/pathways/mine?saved=1");
    }

    private async Task<IResult> RenderEditorAsync(HttpContext context, LeaderContext leader, Pathway? pathway, IReadOnlyList<string> errors, int statusCode)
    {
        var courses = await _districts.ListCoursesAsync(leader.DistrictId, context.RequestAborted);
        var schools = await _schools.ListAsync(leader.DistrictId, context.RequestAborted);
        return PageLayout.Result(context, PathwayViews.Editor(leader.Session, pathway, isNew: pathway is null, _catalog, courses, schools, errors), statusCode);
    }

    private static IResult PathwayNotFound(HttpContext context) =>
        LearnerPageResults.NotFound(context, "This pathway is not in your district. It may have been archived or the link may be wrong.");
}
