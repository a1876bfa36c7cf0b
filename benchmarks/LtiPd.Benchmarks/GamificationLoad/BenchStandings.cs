using Dapper;
using LtiPd.Gamification.Data;
using LtiPd.Storage;

namespace LtiPd.Benchmarks.GamificationLoad;

/// <summary>
/// Seeds a district's participants and all-time standings directly, as the engine would leave
/// them: points from 0 to 3,000 in steps of 5, so many teachers tie, and one in ten opted in.
/// </summary>
internal static class BenchStandings
{
    public static async Task<IReadOnlyList<string>> SeedAsync(Database database, string tenant, int teachers, CancellationToken cancellationToken)
    {
        var random = new Random(7);
        var userIds = new List<string>(teachers);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        for (var i = 0; i < teachers; i++)
        {
            var account = $"teacher-{i}";
            var userId = GamificationKeys.UserId("https://lms.bench.example.org", account);
            userIds.Add(userId);
            var row = new { TenantId = tenant, UserId = userId, Account = account, Name = $"Teacher {i}", OptIn = i % 10 == 0 ? 1 : 0, Points = random.Next(0, 601) * 5 };
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO gamification_participants (tenant_id, user_id, home_page, account_name, display_name, role, leaderboard_opt_in, school_id, updated_at_ms) " +
                "VALUES (@TenantId, @UserId, 'https://lms.bench.example.org', @Account, @Name, 'teacher', @OptIn, NULL, 0)",
                row, transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO gamification_standings (tenant_id, season_id, user_id, points, ranked) VALUES (@TenantId, '', @UserId, @Points, 1)",
                row, transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        await connection.ExecuteAsync("ANALYZE gamification_standings");
        return userIds;
    }
}
