using LtiPd.LtiTool.Analytics.Projection;
using LtiPd.LtiTool.Analytics.Queries;
using LtiPd.LtiTool.Catalog;
using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Analytics;

/// <summary>Brings the projection up to date for a request, then reads every chart of one district.</summary>
internal sealed class DashboardService
{
    /// <summary>The name shown for learners whose school is not recorded.</summary>
    public const string NoSchoolName = "No school recorded";

    private readonly AnalyticsProjector _projector;
    private readonly DashboardQueries _queries;
    private readonly ModuleCatalog _catalog;
    private readonly IOptionsMonitor<AnalyticsOptions> _options;

    public DashboardService(AnalyticsProjector projector, DashboardQueries queries, ModuleCatalog catalog, IOptionsMonitor<AnalyticsOptions> options)
    {
        _projector = projector;
        _queries = queries;
        _catalog = catalog;
        _options = options;
    }

    /// <summary>Returns the catalog's modules by id, for the module filter.</summary>
    public IReadOnlyDictionary<string, string> Modules() =>
        new OrderedDictionary<string, string>(_catalog.Modules.Select(module => KeyValuePair.Create(module.Id, module.Title)), StringComparer.Ordinal);

    /// <summary>
    /// Reads the dashboard of <paramref name="districtId"/> for <paramref name="filter"/>. The
    /// PD-hours query and the learner set are read first, then the other six chart queries run
    /// with the PD-hours query at the same time, at most
    /// <see cref="AnalyticsOptions.ParallelChartQueries"/> at once, each on its own connection.
    /// </summary>
    public async Task<DashboardData> ReadAsync(string districtId, DashboardFilter filter, DashboardChoices choices, CancellationToken cancellationToken)
    {
        await _projector.CatchUpAsync(_options.CurrentValue.RequestCatchUpLimit, cancellationToken);
        await _projector.RefreshTenantAsync(districtId, cancellationToken);
        var pending = await _projector.CountPendingAsync(cancellationToken);

        using var slots = new SemaphoreSlim(_options.CurrentValue.ParallelChartQueries);
        Task<T> Run<T>(Func<Task<T>> query) => RunAsync(slots, query, cancellationToken);

        // The PD-hours chart reads the school and role filters from its rollup, so it starts
        // before the learner set that the other charts wait for.
        var completions = Run(() => _queries.SchoolCompletionsAsync(districtId, filter, cancellationToken));
        var learners = await Run(() => _queries.SelectLearnersAsync(districtId, filter, cancellationToken));
        var weekly = Run(() => _queries.WeeklyActiveAsync(districtId, filter, learners, cancellationToken));
        var funnel = Run(() => _queries.FunnelAsync(districtId, filter, learners, cancellationToken));
        var points = Run(() => _queries.PointsAsync(districtId, filter, learners, cancellationToken));
        var levels = Run(() => _queries.LevelsAsync(districtId, filter, learners, cancellationToken));
        var turnaround = Run(() => _queries.TurnaroundAsync(districtId, filter, learners, cancellationToken));
        var reviewers = Run(() => _queries.ReviewersAsync(districtId, filter, learners, cancellationToken));
        await Task.WhenAll(weekly, funnel, points, levels, turnaround, reviewers, completions);
        return new DashboardData(
            filter, choices, await weekly, await funnel, await points, await levels, await turnaround, await reviewers, SchoolHours(await completions, choices.Schools), pending);
    }

    // The async methods of Microsoft.Data.Sqlite complete synchronously on the calling thread,
    // so each query starts on a thread-pool thread to run beside the others.
    private static async Task<T> RunAsync<T>(SemaphoreSlim slots, Func<Task<T>> query, CancellationToken cancellationToken)
    {
        await slots.WaitAsync(cancellationToken);
        try
        {
            return await Task.Run(query, cancellationToken);
        }
        finally
        {
            slots.Release();
        }
    }

    private List<SchoolHoursRow> SchoolHours(IReadOnlyList<SchoolCompletionRow> completions, IReadOnlyDictionary<string, string> schools) =>
        completions
            .GroupBy(row => row.SchoolId)
            .Select(group => new SchoolHoursRow(
                group.Key,
                group.Key is null ? NoSchoolName : schools.GetValueOrDefault(group.Key, group.Key),
                group.Sum(row => row.Learners),
                // NOTE: a module no longer in the catalog counts 0 hours, because statements do not carry credit hours.
                group.Sum(row => row.Learners * (_catalog.Find(row.ModuleId)?.CreditHours ?? 0m))))
            .OrderByDescending(row => row.Hours)
            .ThenBy(row => row.SchoolName, StringComparer.Ordinal)
            .ToList();
}
