using System.Data.Common;
using Dapper;
using LtiPd.Storage;

namespace LtiPd.Gamification.Data;

/// <summary>Keeps <c>gamification_standing_counts</c>: the number of ranked teachers at each point total of a season.</summary>
internal static class StandingCounts
{
    private static readonly SqlText AddSql = SqlText.Portable(
        "UPDATE gamification_standing_counts SET teachers = teachers + @Change WHERE tenant_id = @TenantId AND season_id = @SeasonId AND points = @Points");

    // A concurrent insert of the same total fails on the primary key, and the caller's batch is retried.
    private static readonly SqlText InsertSql = SqlText.Portable(
        "INSERT INTO gamification_standing_counts (tenant_id, season_id, points, teachers) VALUES (@TenantId, @SeasonId, @Points, @Change)");

    /// <summary>Adds <paramref name="change"/> (+1 or -1) teachers at <paramref name="points"/>.</summary>
    public static async Task AddAsync(
        Database database, DbConnection connection, DbTransaction transaction, string tenantId, string seasonId, long points, int change, CancellationToken cancellationToken)
    {
        var parameters = new { TenantId = tenantId, SeasonId = seasonId, Points = points, Change = change };
        if (await connection.ExecuteAsync(database.Command(AddSql, parameters, cancellationToken, transaction)) == 0)
        {
            await connection.ExecuteAsync(database.Command(InsertSql, parameters, cancellationToken, transaction));
        }
    }
}
