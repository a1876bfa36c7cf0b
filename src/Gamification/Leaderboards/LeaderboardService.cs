using Dapper;
using LtiPd.Storage;

namespace LtiPd.Gamification.Leaderboards;

/// <summary>
/// Reads leaderboards. Only teachers' counted points rank: reviewers' and admins' points never
/// count, held and rejected awards never count. Order is points descending, then user id, so ties
/// list the same way on every read; tied points share a rank.
/// </summary>
public sealed class LeaderboardService
{
    /// <summary>The fewest active participants a school needs to appear on the school board.</summary>
    public const int MinimumSchoolParticipants = 5;

    private const string PointsQuery =
        "SELECT l.user_id AS UserId, CAST(SUM(l.points) AS BIGINT) AS Points, p.display_name AS DisplayName, " +
        "p.leaderboard_opt_in AS OptIn, p.school_id AS SchoolId " +
        "FROM gamification_ledger l JOIN gamification_participants p ON p.tenant_id = l.tenant_id AND p.user_id = l.user_id " +
        "WHERE l.tenant_id = @TenantId AND l.status = 'counted' AND p.role = 'teacher' " +
        "AND l.awarded_at_ms >= @FromMs AND l.awarded_at_ms < @ToMs";

    private const string GroupBy = " GROUP BY l.user_id, p.display_name, p.leaderboard_opt_in, p.school_id";

    private static readonly SqlText DistrictSql = SqlText.Portable(PointsQuery + GroupBy);
    private static readonly SqlText SchoolSql = SqlText.Portable(PointsQuery + " AND p.school_id = @ScopeId" + GroupBy);
    private static readonly SqlText CourseSql = SqlText.Portable(PointsQuery + " AND l.course_id = @ScopeId" + GroupBy);

    private readonly Database _database;
    private readonly StandingsBoard _standings;

    /// <summary>Creates the service over <paramref name="database"/>.</summary>
    public LeaderboardService(Database database)
    {
        _database = database;
        _standings = new StandingsBoard(database);
    }

    /// <summary>
    /// Returns the district board of a season (null for all time) from the standings table: the
    /// top <paramref name="top"/> teachers and the viewer with up to <paramref name="neighbours"/>
    /// teachers either side. Names show only for teachers who opted in.
    /// </summary>
    public async Task<GamificationResult<LeaderboardView>> GetDistrictBoardAsync(
        string tenantId, string? seasonId, string viewerUserId, int top, int neighbours, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentException.ThrowIfNullOrWhiteSpace(viewerUserId);
        if (top is < 1 or > 1000)
        {
            return new(new InvalidInputError(3402, $"Limit {top} is out of range. Use 1 to 1000."));
        }

        if (neighbours is < 0 or > 50)
        {
            return new(new InvalidInputError(3401, $"Neighbours {neighbours} is out of range. Use 0 to 50."));
        }

        return new(await _standings.ReadAsync(tenantId, seasonId ?? Data.LedgerSession.AllTimeSeason, viewerUserId, top, neighbours, cancellationToken));
    }

    /// <summary>
    /// Returns the viewer's place with up to <paramref name="neighbours"/> teachers either side,
    /// or the top of the board when the viewer has no points in it.
    /// </summary>
    public async Task<GamificationResult<IReadOnlyList<LeaderboardEntry>>> GetAroundAsync(
        string tenantId,
        LeaderboardScope scope,
        string? scopeId,
        LeaderboardPeriod period,
        string viewerUserId,
        int neighbours,
        CancellationToken cancellationToken)
    {
        if (neighbours is < 0 or > 50)
        {
            return new(new InvalidInputError(3401, $"Neighbours {neighbours} is out of range. Use 0 to 50."));
        }

        var ranked = await RankAsync(tenantId, scope, scopeId, period, cancellationToken);
        if (ranked.Error is { } error)
        {
            return new(error);
        }

        var rows = ranked.Value!;
        var index = rows.FindIndex(row => row.UserId == viewerUserId);
        var start = index < 0 ? 0 : Math.Max(0, index - neighbours);
        var count = index < 0 ? (2 * neighbours) + 1 : Math.Min(rows.Count, index + neighbours + 1) - start;
        return new(rows.Skip(start).Take(count)
            .Select(row => new LeaderboardEntry(row.Rank, row.OptIn ? row.DisplayName : null, row.Points, row.UserId == viewerUserId))
            .ToList());
    }

    /// <summary>Returns the top <paramref name="limit"/> teachers, names shown only for those who opted in.</summary>
    public async Task<GamificationResult<IReadOnlyList<LeaderboardEntry>>> GetTopAsync(
        string tenantId, LeaderboardScope scope, string? scopeId, LeaderboardPeriod period, int limit, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > 1000)
        {
            return new(new InvalidInputError(3402, $"Limit {limit} is out of range. Use 1 to 1000."));
        }

        var ranked = await RankAsync(tenantId, scope, scopeId, period, cancellationToken);
        return ranked.Error is { } error
            ? new(error)
            : new(ranked.Value!.Take(limit).Select(row => new LeaderboardEntry(row.Rank, row.OptIn ? row.DisplayName : null, row.Points, false)).ToList());
    }

    /// <summary>
    /// Ranks the district's schools by average points per active participant; a school with fewer
    /// than <see cref="MinimumSchoolParticipants"/> active participants is left out.
    /// </summary>
    public async Task<IReadOnlyList<SchoolStanding>> GetSchoolsAsync(string tenantId, LeaderboardPeriod period, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentNullException.ThrowIfNull(period);
        var rows = await QueryAsync(DistrictSql, tenantId, null, period, cancellationToken);
        var schools = rows
            .Where(row => row.SchoolId is not null)
            .GroupBy(row => row.SchoolId!, StringComparer.Ordinal)
            .Where(group => group.Count() >= MinimumSchoolParticipants)
            .Select(group => (SchoolId: group.Key, Average: Math.Round(group.Average(row => (double)row.Points), 1), Active: group.Count()))
            .OrderByDescending(school => school.Average)
            .ThenBy(school => school.SchoolId, StringComparer.Ordinal)
            .ToList();

        var standings = new List<SchoolStanding>();
        for (var i = 0; i < schools.Count; i++)
        {
            var rank = i > 0 && schools[i].Average == schools[i - 1].Average ? standings[i - 1].Rank : i + 1;
            standings.Add(new SchoolStanding(rank, schools[i].SchoolId, schools[i].Average, schools[i].Active));
        }

        return standings;
    }

    private async Task<GamificationResult<List<RankedRow>>> RankAsync(
        string tenantId, LeaderboardScope scope, string? scopeId, LeaderboardPeriod period, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentNullException.ThrowIfNull(period);
        if (scope != LeaderboardScope.District && string.IsNullOrWhiteSpace(scopeId))
        {
            return new(new InvalidInputError(3403, $"A {scope} leaderboard needs the {scope} id. Pass it as the scope id."));
        }

        var sql = scope switch
        {
            LeaderboardScope.District => DistrictSql,
            LeaderboardScope.School => SchoolSql,
            LeaderboardScope.Course => CourseSql,
        };
        var rows = (await QueryAsync(sql, tenantId, scopeId, period, cancellationToken))
            .OrderByDescending(row => row.Points)
            .ThenBy(row => row.UserId, StringComparer.Ordinal)
            .ToList();

        var ranked = new List<RankedRow>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var rank = i > 0 && rows[i].Points == rows[i - 1].Points ? ranked[i - 1].Rank : i + 1;
            ranked.Add(new RankedRow(rank, rows[i].UserId, (int)rows[i].Points, rows[i].DisplayName, rows[i].OptIn == 1));
        }

        return new(ranked);
    }

    private async Task<IReadOnlyList<PointsRow>> QueryAsync(
        SqlText sql, string tenantId, string? scopeId, LeaderboardPeriod period, CancellationToken cancellationToken)
    {
        var parameters = new
        {
            TenantId = tenantId,
            ScopeId = scopeId,
            FromMs = period.From?.ToUnixTimeMilliseconds() ?? long.MinValue,
            ToMs = period.To?.ToUnixTimeMilliseconds() ?? long.MaxValue,
        };
        await using var connection = await _database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<PointsRow>(_database.Command(sql, parameters, cancellationToken))).ToList();
    }

    private sealed class PointsRow
    {
        public string UserId { get; set; } = "";

        public long Points { get; set; }

        public string? DisplayName { get; set; }

        public long OptIn { get; set; }

        public string? SchoolId { get; set; }
    }

    private sealed record RankedRow(int Rank, string UserId, int Points, string? DisplayName, bool OptIn);
}
