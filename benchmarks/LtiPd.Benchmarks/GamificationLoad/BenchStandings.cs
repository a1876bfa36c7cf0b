using Dapper;
using LtiPd.Storage;

namespace LtiPd.Benchmarks.GamificationLoad;

/// <summary>
/// Seeds a district's participants and all-time standings directly in SQL, as the engine would
/// leave them: points from 0 to 3,000 in steps of 5, so many teachers tie, and one in ten opted in.
/// User ids are <c>u</c> and a zero-padded number instead of SHA-256 hex, which orders the same way.
/// </summary>
internal static class BenchStandings
{
    public static async Task<IReadOnlyList<string>> SeedAsync(Database database, string tenant, int teachers, CancellationToken cancellationToken)
    {
        const string Numbers = "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < @Teachers) ";
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var parameters = new { TenantId = tenant, Teachers = teachers };
        await connection.ExecuteAsync(new CommandDefinition(
            Numbers + "INSERT INTO gamification_participants (tenant_id, user_id, home_page, account_name, display_name, role, leaderboard_opt_in, school_id, updated_at_ms) " +
            "SELECT @TenantId, printf('u%08d', i), 'https://lms.bench.example.org', 'teacher-' || i, 'Teacher ' || i, 'teacher', CASE WHEN i % 10 = 0 THEN 1 ELSE 0 END, NULL, 0 FROM n",
            parameters, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            Numbers + "INSERT INTO gamification_standings (tenant_id, season_id, user_id, points, ranked) " +
            "SELECT @TenantId, '', printf('u%08d', i), (abs(random()) % 601) * 5, 1 FROM n",
            parameters, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("ANALYZE gamification_standings", cancellationToken: cancellationToken));
        return Enumerable.Range(0, teachers).Select(i => $"u{i:D8}").ToList();
    }
}
