using System.Data.Common;
using Dapper;
using LtiPd.Storage;

namespace LtiPd.Gamification.Leaderboards;

/// <summary>
/// Reads a district board from the standings table with keyset queries over its rank index
/// (points descending, then user id), so the cost grows with the rows shown and the index range
/// counted, not with the ledger. Rank is 1 + the number of teachers with more points.
/// </summary>
internal sealed class StandingsBoard
{
    private const string Columns =
        "s.user_id AS UserId, s.points AS Points, p.display_name AS DisplayName, p.leaderboard_opt_in AS OptIn";

    private const string Ranked =
        "FROM gamification_standings s JOIN gamification_participants p ON p.tenant_id = s.tenant_id AND p.user_id = s.user_id " +
        "WHERE s.tenant_id = @TenantId AND s.season_id = @SeasonId AND s.ranked = 1";

    private static readonly SqlText TopSql = Limited($"SELECT {Columns} {Ranked}", "s.points DESC, s.user_id");

    private static readonly SqlText AboveSql = Limited(
        $"SELECT {Columns} {Ranked} AND (s.points > @Points OR (s.points = @Points AND s.user_id < @UserId))", "s.points, s.user_id DESC");

    private static readonly SqlText BelowSql = Limited(
        $"SELECT {Columns} {Ranked} AND (s.points < @Points OR (s.points = @Points AND s.user_id > @UserId))", "s.points DESC, s.user_id");

    private static readonly SqlText ViewerSql = SqlText.Portable($"SELECT {Columns} {Ranked} AND s.user_id = @UserId");

    private static readonly SqlText CountAboveSql = SqlText.Portable(
        "SELECT COUNT(*) FROM gamification_standings s WHERE s.tenant_id = @TenantId AND s.season_id = @SeasonId AND s.ranked = 1 AND s.points > @Points");

    private static readonly SqlText CountBeforeSql = SqlText.Portable(
        "SELECT COUNT(*) FROM gamification_standings s WHERE s.tenant_id = @TenantId AND s.season_id = @SeasonId AND s.ranked = 1 " +
        "AND (s.points > @Points OR (s.points = @Points AND s.user_id < @UserId))");

    private static readonly SqlText CountSql = SqlText.Portable(
        "SELECT COUNT(*) FROM gamification_standings s WHERE s.tenant_id = @TenantId AND s.season_id = @SeasonId AND s.ranked = 1");

    private readonly Database _database;

    public StandingsBoard(Database database)
    {
        _database = database;
    }

    public async Task<LeaderboardView> ReadAsync(string tenantId, string seasonId, string viewerUserId, int top, int neighbours, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var scope = new { TenantId = tenantId, SeasonId = seasonId };
        var topRows = await QueryAsync(connection, TopSql, new { TenantId = tenantId, SeasonId = seasonId, Limit = top }, cancellationToken);
        var count = (int)await ScalarAsync(connection, CountSql, scope, cancellationToken);
        var topEntries = Rank(topRows, firstIndex: 0, firstRank: 1, viewerUserId);

        var viewer = await connection.QuerySingleOrDefaultAsync<StandingRow>(
            _database.Command(ViewerSql, new { TenantId = tenantId, SeasonId = seasonId, UserId = viewerUserId }, cancellationToken));
        if (viewer is null)
        {
            return new LeaderboardView(topEntries, [], null, count);
        }

        var points = viewer.Points;
        var window = new { TenantId = tenantId, SeasonId = seasonId, Points = points, UserId = viewerUserId, Limit = neighbours };
        var above = neighbours == 0 ? [] : await QueryAsync(connection, AboveSql, window, cancellationToken);
        var below = neighbours == 0 ? [] : await QueryAsync(connection, BelowSql, window, cancellationToken);
        var viewerIndex = (int)await ScalarAsync(connection, CountBeforeSql, window, cancellationToken);

        var rows = new List<StandingRow>(above.Count + below.Count + 1);
        rows.AddRange(above.AsEnumerable().Reverse());
        rows.Add(viewer);
        rows.AddRange(below);
        var first = rows[0];
        var firstRank = 1 + (int)await ScalarAsync(connection, CountAboveSql, new { TenantId = tenantId, SeasonId = seasonId, first.Points }, cancellationToken);
        var around = Rank(rows, viewerIndex - above.Count, firstRank, viewerUserId);
        return new LeaderboardView(topEntries, around, around.Single(entry => entry.IsViewer).Rank, count);
    }

    // Rows are consecutive in board order. A row tied with the one before it shares its rank;
    // any other row's rank is its 1-based position on the whole board.
    private static List<LeaderboardEntry> Rank(IReadOnlyList<StandingRow> rows, int firstIndex, int firstRank, string viewerUserId)
    {
        var entries = new List<LeaderboardEntry>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var rank = i == 0 ? firstRank : rows[i].Points == rows[i - 1].Points ? entries[i - 1].Rank : firstIndex + i + 1;
            var isViewer = rows[i].UserId == viewerUserId;
            var name = rows[i].OptIn == 1 ? rows[i].DisplayName : null;
            entries.Add(new LeaderboardEntry(rank, name, (int)rows[i].Points, isViewer));
        }

        return entries;
    }

    private async Task<IReadOnlyList<StandingRow>> QueryAsync(DbConnection connection, SqlText sql, object parameters, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<StandingRow>(_database.Command(sql, parameters, cancellationToken))).ToList();

    private async Task<long> ScalarAsync(DbConnection connection, SqlText sql, object parameters, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<long>(_database.Command(sql, parameters, cancellationToken));

    private static SqlText Limited(string query, string orderBy) => SqlText.PerProvider(
        $"{query} ORDER BY {orderBy} LIMIT @Limit",
        $"{query} ORDER BY {orderBy} LIMIT @Limit",
        $"{query} ORDER BY {orderBy} OFFSET 0 ROWS FETCH NEXT @Limit ROWS ONLY");

    private sealed class StandingRow
    {
        public string UserId { get; set; } = "";

        public long Points { get; set; }

        public string? DisplayName { get; set; }

        public long OptIn { get; set; }
    }
}
