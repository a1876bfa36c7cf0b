using System.Globalization;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Pages;
using LtiPd.LtiTool.Schools;

namespace LtiPd.LtiTool.Pathways;

/// <summary>Serves the compliance page and its CSV export, for PD leaders of the session's own district only.</summary>
internal sealed class CompliancePageHandler
{
    private const string NotInDistrict = "This pathway is not in your district. Choose one from the compliance page.";

    private readonly LeaderAccess _access;
    private readonly PathwayStore _store;
    private readonly SchoolDirectory _schools;
    private readonly DistrictDirectory _districts;
    private readonly ModuleCatalog _catalog;
    private readonly ComplianceReadPlanner _planner;
    private readonly ComplianceReader _reader;
    private readonly TimeProvider _timeProvider;

    public CompliancePageHandler(
        LeaderAccess access,
        PathwayStore store,
        SchoolDirectory schools,
        DistrictDirectory districts,
        ModuleCatalog catalog,
        ComplianceReadPlanner planner,
        ComplianceReader reader,
        TimeProvider timeProvider)
    {
        _access = access;
        _store = store;
        _schools = schools;
        _districts = districts;
        _catalog = catalog;
        _planner = planner;
        _reader = reader;
        _timeProvider = timeProvider;
    }

    public async Task<IResult> PageAsync(HttpContext context, string? pathwayId)
    {
        var (leader, rejection) = await _access.AuthorizeAsync(context);
        if (leader is null)
        {
            return rejection!;
        }

        var cancellationToken = context.RequestAborted;
        var pathways = await _store.ListAsync(leader.DistrictId, includeArchived: true, cancellationToken);
        if (pathways.Count == 0 && pathwayId is null)
        {
            return PageLayout.Result(context, ComplianceView.RenderEmpty());
        }

        var selected = pathwayId is null ? pathways[0] : pathways.FirstOrDefault(pathway => pathway.Id == pathwayId);
        if (selected is null)
        {
            return LearnerPageResults.NotFound(context, NotInDistrict);
        }

        var choices = await ChoicesAsync(leader.DistrictId, pathways, selected, cancellationToken);
        var (filter, errors) = ComplianceFilterParser.Parse(context.Request.Query, choices.RequiredModuleIds, choices.SchoolRecords, choices.CourseRecords);
        if (filter is null)
        {
            return PageLayout.Result(context, ComplianceView.RenderErrors(choices, context.Request.Query, errors), StatusCodes.Status400BadRequest);
        }

        var read = await _planner.PlanAsync(context, leader.DistrictId, selected, cancellationToken);
        if (read.RowsMissing)
        {
            return PageLayout.Result(context, ComplianceView.RenderBeingComputed(choices, context.Request.Query, read));
        }

        var counts = await _reader.CountsAsync(selected, filter, choices.Labels, read, cancellationToken);
        var people = await _reader.PeopleAsync(selected, filter, read, cancellationToken);
        return PageLayout.Result(context, ComplianceView.Render(choices, context.Request.Query, filter, counts, people, choices.Labels, read));
    }

    public async Task<IResult> CsvAsync(HttpContext context, string? pathwayId)
    {
        var (leader, rejection) = await _access.AuthorizeAsync(context);
        if (leader is null)
        {
            return rejection!;
        }

        var cancellationToken = context.RequestAborted;
        var pathways = await _store.ListAsync(leader.DistrictId, includeArchived: true, cancellationToken);
        var pathway = pathwayId is null ? null : pathways.FirstOrDefault(item => item.Id == pathwayId);
        if (pathway is null)
        {
            return LearnerPageResults.NotFound(context, NotInDistrict);
        }

        var choices = await ChoicesAsync(leader.DistrictId, pathways, pathway, cancellationToken);
        var (filter, errors) = ComplianceFilterParser.Parse(context.Request.Query, choices.RequiredModuleIds, choices.SchoolRecords, choices.CourseRecords);
        if (filter is null)
        {
            return PageLayout.Result(context, ComplianceView.RenderErrors(choices, context.Request.Query, errors), StatusCodes.Status400BadRequest);
        }

        var read = await _planner.PlanAsync(context, leader.DistrictId, pathway, cancellationToken);
        if (read.RowsMissing)
        {
            // An empty file would read as "no one assigned", and evaluating the district here would
            // cost far more than a read, so the response states that the figures are not ready.
            context.Response.Headers.RetryAfter = "5";
            return Results.Text(ComplianceFreshnessView.BeingComputedText + " Download the CSV again in a few seconds.", "text/plain; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var labels = choices.Labels;
        var (everyRow, pendingRow) = ComplianceFreshnessView.PendingUpdateCells(read);
        return new CsvStreamResult($"compliance-{_timeProvider.GetUtcNow().ToString("yyyyMMdd", CultureInfo.InvariantCulture)}.csv", async (writer, token) =>
        {
            await writer.WriteLineAsync(CsvCells.Line(
                "pathway_id", "pathway", "item", "person", "email", "subject", "school_id", "school", "courses", "state", "due_on", "completed_on", "pending_update"));

            // A person's rows come together and share their courses, so the last names are reused.
            var (lastContextRefs, lastCourses) = (string.Empty, string.Empty);
            await foreach (var row in _reader.ReadAllAsync(pathway, filter, read, token))
            {
                if (row.ContextRefs != lastContextRefs)
                {
                    (lastContextRefs, lastCourses) = (row.ContextRefs, labels.Courses(row.ContextRefs));
                }

                await writer.WriteLineAsync(CsvCells.Line(
                    pathway.Id,
                    pathway.Title,
                    labels.Item(row.Item),
                    row.Name,
                    row.Email,
                    row.Subject,
                    row.SchoolId,
                    labels.SchoolName(row.RegistrationId, row.SchoolId),
                    lastCourses,
                    MyPathwayView.StateLabel(row.State),
                    row.DueOn,
                    row.DoneAtMs is { } doneAt ? DateTimeOffset.FromUnixTimeMilliseconds(doneAt).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
                    everyRow ?? (row.Pending ? pendingRow : null)));
            }
        });
    }

    private async Task<ComplianceChoices> ChoicesAsync(string districtId, IReadOnlyList<Pathway> pathways, Pathway selected, CancellationToken cancellationToken) =>
        new(pathways, selected, await _schools.ListAsync(districtId, cancellationToken), await _districts.ListCoursesAsync(districtId, cancellationToken), _catalog);
}
