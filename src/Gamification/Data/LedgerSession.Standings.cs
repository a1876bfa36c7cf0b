using LtiPd.Gamification.Points;
using LtiPd.Gamification.Rules;
using LtiPd.Storage;

namespace LtiPd.Gamification.Data;

/// <summary>
/// The standings table: each counted-points change of the ledger is added to the teacher's
/// all-time row and to the row of every season that contains the award's district-local day.
/// </summary>
internal sealed partial class LedgerSession
{
    /// <summary>The season id of the all-time standings.</summary>
    public const string AllTimeSeason = "";

    private static readonly SqlText StandingSql = SqlText.Portable(
        "SELECT points AS Points, ranked AS Ranked FROM gamification_standings WHERE tenant_id = @TenantId AND season_id = @SeasonId AND user_id = @UserId");

    private static readonly SqlText AddToStandingSql = SqlText.Portable(
        "UPDATE gamification_standings SET points = points + @Delta WHERE tenant_id = @TenantId AND season_id = @SeasonId AND user_id = @UserId");

    private static readonly SqlText RankedSql = SqlText.Portable(
        "SELECT CASE WHEN role = 'teacher' THEN 1 ELSE 0 END FROM gamification_participants WHERE tenant_id = @TenantId AND user_id = @UserId");

    // A concurrent insert of the same key fails on the primary key, and the engine retries the batch.
    private static readonly SqlText InsertStandingSql = SqlText.Portable(
        "INSERT INTO gamification_standings (tenant_id, season_id, user_id, points, ranked) VALUES (@TenantId, @SeasonId, @UserId, @Delta, @Ranked)");

    /// <summary>Adds <paramref name="delta"/> counted points of an award on <paramref name="localDay"/> to the teacher's standings.</summary>
    public async Task AddToStandingsAsync(RuleSet rules, string tenantId, string userId, int localDay, long delta)
    {
        if (delta == 0)
        {
            return;
        }

        var day = DateOnly.FromDayNumber(localDay);
        await AddToStandingAsync(tenantId, AllTimeSeason, userId, delta);
        foreach (var season in rules.Seasons.Where(season => season.Contains(day)))
        {
            await AddToStandingAsync(tenantId, season.Id, userId, delta);
        }
    }

    /// <summary>
    /// Sets the status of <paramref name="award"/> and moves its points into or out of the
    /// standings when the change makes them count or stop counting.
    /// </summary>
    public async Task ChangeStatusAsync(RuleSet rules, LedgerEntry award, string status)
    {
        await SetStatusAsync(award.TenantId, award.AwardKey, status);
        var wasCounted = award.Status == AwardStatus.Counted;
        var isCounted = status == AwardStatus.Counted;
        if (wasCounted != isCounted)
        {
            await AddToStandingsAsync(rules, award.TenantId, award.UserId, award.LocalDay, isCounted ? award.Points : -award.Points);
        }
    }

    /// <summary>Inserts a ledger row and, when it counts, adds its points to the standings. Returns whether it inserted.</summary>
    public async Task<bool> InsertCountingLedgerAsync(RuleSet rules, LedgerEntry entry)
    {
        if (!await InsertLedgerAsync(entry))
        {
            return false;
        }

        if (entry.Status == AwardStatus.Counted)
        {
            await AddToStandingsAsync(rules, entry.TenantId, entry.UserId, entry.LocalDay, entry.Points);
        }

        return true;
    }

    private async Task AddToStandingAsync(string tenantId, string seasonId, string userId, long delta)
    {
        var parameters = new { TenantId = tenantId, SeasonId = seasonId, UserId = userId, Delta = delta };
        var current = (await QueryAsync<StandingRow>(StandingSql, parameters)).SingleOrDefault();
        if (current is null)
        {
            // The participant row exists: the engine writes it before any award of the teacher.
            var ranked = (int)await ScalarAsync<long>(RankedSql, parameters);
            await ExecuteAsync(InsertStandingSql, new { TenantId = tenantId, SeasonId = seasonId, UserId = userId, Delta = delta, Ranked = ranked });
            if (ranked == 1)
            {
                await StandingCounts.AddAsync(_database, _connection, _transaction, tenantId, seasonId, delta, 1, _cancellationToken);
            }

            return;
        }

        await ExecuteAsync(AddToStandingSql, parameters);
        if (current.Ranked == 1)
        {
            await StandingCounts.AddAsync(_database, _connection, _transaction, tenantId, seasonId, current.Points, -1, _cancellationToken);
            await StandingCounts.AddAsync(_database, _connection, _transaction, tenantId, seasonId, current.Points + delta, 1, _cancellationToken);
        }
    }

    private sealed class StandingRow
    {
        public long Points { get; set; }

        public long Ranked { get; set; }
    }
}
