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

    private const string Filter = "s.tenant_id = @TenantId AND s.season_id = @SeasonId AND s.ranked = 1";

    // The standings are ordered and limited first, from the rank index alone. Only the rows
    // shown are joined to their participants, because joining first makes SQLite sort the whole district.
    private static readonly SqlText TopSql = Window(Filter, "s.points DESC, s.user_id");

    private static readonly SqlText AboveSql = Window(
        Filter + " AND (s.points > @Points OR (s.points = @Points AND s.user_id < @UserId))", "s.points, s.user_id DESC");

    private static readonly SqlText BelowSql = Window(
        Filter + " AND (s.points < @Points OR (s.points = @Points AND s.user_id > @UserId))", "s.points DESC, s.user_id");

    private static readonly SqlText ViewerSql = SqlText.Portable(
        $"SELECT {Columns} FROM gamification_standings s JOIN gamification_participants p ON p.tenant_id = s.tenant_id AND p.user_id = s.user_id " +
        $"WHERE {Filter} AND s.user_id = @UserId");

    private static readonly SqlText CountAboveSql = SqlText.Portable(
        "SELECT COALESCE(SUM(c.teachers), 0) FROM gamification_standing_counts c WHERE c.tenant_id = @TenantId AND c.season_id = @SeasonId AND c.points > @Points");

    private static readonly SqlText CountTiedBeforeSql = SqlText.Portable(
        $"SELECT COUNT(*) FROM gamification_standings s WHERE {Filter} AND s.points = @Points AND s.user_id < @UserId");

    private static readonly SqlText CountSql = SqlText.Portable(
        "SELECT COALESCE(SUM(c.teachers), 0) FROM gamification_standing_counts c WHERE c.tenant_id = @TenantId AND c.season_id = @SeasonId");

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
        var viewerIndex = (int)(await ScalarAsync(connection, CountAboveSql, window, cancellationToken)
            + await ScalarAsync(connection, CountTiedBeforeSql, window, cancellationToken));

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
            var rank = firstIndex + i + 1;
            if (i == 0)
            {
                rank = firstRank;
            }
            else if (rows[i].Points == rows[i - 1].Points)
            {
                rank = entries[i - 1].Rank;
            }

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

    private static SqlText Window(string filter, string orderBy)
    {
        var inner = $"SELECT s.user_id, s.points FROM gamification_standings s WHERE {filter} ORDER BY {orderBy}";
        var outer = $"SELECT {Columns} FROM (";
        var join = ") s JOIN gamification_participants p ON p.tenant_id = @TenantId AND p.user_id = s.user_id ORDER BY " + orderBy;
        return SqlText.PerProvider(
            $"{outer}{inner} LIMIT @Limit{join}",
            $"{outer}{inner} LIMIT @Limit{join}",
            $"{outer}{inner} OFFSET 0 ROWS FETCH NEXT @Limit ROWS ONLY{join}");
    }

    private sealed class StandingRow
    {
        public string UserId { get; set; } = "";

        public long Points { get; set; }

        public string? DisplayName { get; set; }

        public long OptIn { get; set; }
    }
}
