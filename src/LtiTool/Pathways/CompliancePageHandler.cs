using System.Globalization;
using LtiPd.LtiTool.Pages;

namespace LtiPd.LtiTool.Pathways;

/// <summary>Serves the compliance page and its CSV export, for PD leaders of the session's own district only.</summary>
internal sealed class CompliancePageHandler
{
    private readonly LeaderAccess _access;
    private readonly PathwayStore _store;
    private readonly ComplianceService _compliance;
    private readonly TimeProvider _timeProvider;

    public CompliancePageHandler(LeaderAccess access, PathwayStore store, ComplianceService compliance, TimeProvider timeProvider)
    {
        _access = access;
        _store = store;
        _compliance = compliance;
        _timeProvider = timeProvider;
    }

    public async Task<IResult> PageAsync(HttpContext context, string? pathwayId)
    {
        var (leader, rejection) = await _access.AuthorizeAsync(context);
        if (leader is null)
        {
            return rejection!;
        }

        var pathways = await _store.ListAsync(leader.DistrictId, includeArchived: true, context.RequestAborted);
        Pathway? selected = null;
        if (pathwayId is not null)
        {
            selected = pathways.FirstOrDefault(pathway => pathway.Id == pathwayId);
            if (selected is null)
            {
                return LearnerPageResults.NotFound(context, "This pathway is not in your district. Choose one from the compliance page.");
            }
        }
        else if (pathways.Count > 0)
        {
            selected = pathways[0];
        }

        if (selected is null)
        {
            return PageLayout.Result(context, ComplianceView.Render(pathways, null, [], null));
        }

        var data = await _compliance.LoadAsync(leader.DistrictId, selected, context.RequestAborted);
        var rows = _compliance.Rows(data, selected).ToList();
        return PageLayout.Result(context, ComplianceView.Render(pathways, selected, rows, data));
    }

    public async Task<IResult> CsvAsync(HttpContext context, string? pathwayId)
    {
        var (leader, rejection) = await _access.AuthorizeAsync(context);
        if (leader is null)
        {
            return rejection!;
        }

        var pathway = pathwayId is null ? null : await _store.FindAsync(leader.DistrictId, pathwayId, context.RequestAborted);
        if (pathway is null)
        {
            return LearnerPageResults.NotFound(context, "This pathway is not in your district. Choose one from the compliance page.");
        }

        var data = await _compliance.LoadAsync(leader.DistrictId, pathway, context.RequestAborted);
        return new CsvStreamResult($"compliance-{_timeProvider.GetUtcNow().ToString("yyyyMMdd", CultureInfo.InvariantCulture)}.csv", async (writer, cancellationToken) =>
        {
            await writer.WriteLineAsync(CsvCells.Line("pathway_id", "pathway", "item", "person", "email", "subject", "school_id", "school", "courses", "state", "due_on", "completed_on"));
            foreach (var row in _compliance.Rows(data, pathway))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var person = row.Person;
                var school = person.SchoolId is { } schoolId ? data.SchoolNames.GetValueOrDefault((person.RegistrationId, schoolId)) : null;
                var courses = string.Join("; ", person.ContextRefs.Select(course => data.CourseNames.GetValueOrDefault(course, course)).Order(StringComparer.Ordinal));
                await writer.WriteLineAsync(CsvCells.Line(
                    pathway.Id,
                    pathway.Title,
                    row.ModuleTitle ?? "(whole pathway)",
                    person.Name,
                    person.Email,
                    person.Subject,
                    person.SchoolId,
                    school,
                    courses,
                    MyPathwayView.StateLabel(row.State),
                    row.DueOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    row.CompletedAt?.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            }
        });
    }
}
