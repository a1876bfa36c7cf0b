using LtiPd.Gamification.Data;
using LtiPd.Gamification.Engine;
using LtiPd.Gamification.Output;
using LtiPd.Storage;

namespace LtiPd.Gamification.Challenges;

/// <summary>
/// Creates challenges, enrols teachers or teams, scores them over the challenge window and, once
/// the window is over, records the winners (every tied leader wins) and awards their
/// challenge-won badges.
/// </summary>
public sealed class ChallengeService
{
    private static readonly SqlText InsertChallengeSql = SqlBuilder.InsertIfAbsent(
        "gamification_challenges",
        ["tenant_id", "challenge_id", "name", "mode", "starts_at_ms", "ends_at_ms", "created_at_ms"],
        ["tenant_id", "challenge_id"]);

    private static readonly SqlText GetChallengeSql = SqlText.Portable(
        "SELECT challenge_id AS Id, name AS Name, mode AS Mode, starts_at_ms AS StartsAtMs, ends_at_ms AS EndsAtMs " +
        "FROM gamification_challenges WHERE tenant_id = @TenantId AND challenge_id = @ChallengeId");

    private static readonly SqlText InsertMemberSql = SqlBuilder.InsertIfAbsent(
        "gamification_challenge_members", ["tenant_id", "challenge_id", "user_id", "team_id"], ["tenant_id", "challenge_id", "user_id"]);

    private static readonly SqlText ScoresSql = SqlText.Portable(
        "SELECT m.user_id AS UserId, m.team_id AS TeamId, CAST(COALESCE(SUM(l.points), 0) AS BIGINT) AS Points " +
        "FROM gamification_challenge_members m " +
        "JOIN gamification_participants p ON p.tenant_id = m.tenant_id AND p.user_id = m.user_id AND p.role = 'teacher' " +
        "LEFT JOIN gamification_ledger l ON l.tenant_id = m.tenant_id AND l.user_id = m.user_id AND l.status = 'counted' " +
        "AND l.awarded_at_ms >= @StartsAtMs AND l.awarded_at_ms < @EndsAtMs " +
        "WHERE m.tenant_id = @TenantId AND m.challenge_id = @ChallengeId GROUP BY m.user_id, m.team_id");

    private static readonly SqlText InsertWinnerSql = SqlBuilder.InsertIfAbsent(
        "gamification_challenge_winners",
        ["tenant_id", "challenge_id", "user_id", "team_id", "points", "decided_at_ms"],
        ["tenant_id", "challenge_id", "user_id"]);

    private readonly GamificationEngine _engine;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the service over <paramref name="engine"/>'s database.</summary>
    public ChallengeService(GamificationEngine engine, TimeProvider timeProvider)
    {
        _engine = engine;
        _timeProvider = timeProvider;
    }

    /// <summary>Creates a challenge.</summary>
    public async Task<GamificationResult<ChallengeDefinition>> CreateAsync(string tenantId, ChallengeDefinition challenge, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentNullException.ThrowIfNull(challenge);
        if (string.IsNullOrWhiteSpace(challenge.Id) || challenge.Id.Length > 100 || string.IsNullOrWhiteSpace(challenge.Name))
        {
            return new(new InvalidInputError(3601, $"Challenge id '{challenge.Id}' or its name is empty, or the id is longer than 100 characters."));
        }

        if (challenge.EndsAt <= challenge.StartsAt)
        {
            return new(new InvalidInputError(3602, $"Challenge '{challenge.Id}' ends at {challenge.EndsAt:O}, not after its start {challenge.StartsAt:O}. Set an end after the start."));
        }

        var inserted = await ExecuteAsync(InsertChallengeSql, new
        {
            TenantId = tenantId, ChallengeId = challenge.Id, challenge.Name, Mode = challenge.Mode.ToString(),
            StartsAtMs = challenge.StartsAt.ToUnixTimeMilliseconds(), EndsAtMs = challenge.EndsAt.ToUnixTimeMilliseconds(),
            CreatedAtMs = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
        }, cancellationToken);
        return inserted == 1 ? new(challenge) : new(new ConflictError(3603, $"Challenge '{challenge.Id}' already exists."));
    }

    /// <summary>Enrols a teacher, in a team for team challenges.</summary>
    public async Task<GamificationResult<bool>> JoinAsync(string tenantId, string challengeId, string userId, string? teamId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        if (await GetAsync(tenantId, challengeId, cancellationToken) is not { } challenge)
        {
            return new(NotFound(tenantId, challengeId));
        }

        if ((challenge.Mode == ChallengeMode.Team) != !string.IsNullOrWhiteSpace(teamId))
        {
            return new(new InvalidInputError(3604, $"Challenge '{challengeId}' is a {challenge.Mode} challenge. Pass a team id only for team challenges, and always for them."));
        }

        var inserted = await ExecuteAsync(InsertMemberSql, new { TenantId = tenantId, ChallengeId = challengeId, UserId = userId, TeamId = teamId }, cancellationToken);
        return new(inserted == 1);
    }

    /// <summary>Returns the challenge's scores, best first; ties are ordered by key.</summary>
    public async Task<GamificationResult<IReadOnlyList<ChallengeScore>>> GetScoresAsync(string tenantId, string challengeId, CancellationToken cancellationToken)
    {
        if (await GetAsync(tenantId, challengeId, cancellationToken) is not { } challenge)
        {
            return new(NotFound(tenantId, challengeId));
        }

        var rows = await _engine.InTransactionAsync(session => QueryScoresAsync(session, tenantId, challenge), cancellationToken);
        return new(Rank(challenge, rows));
    }

    /// <summary>
    /// Records the winners once the challenge is over and awards challenge-won badges. Closing
    /// again records nothing new.
    /// </summary>
    public async Task<GamificationResult<IReadOnlyList<string>>> CloseAsync(string tenantId, string challengeId, CancellationToken cancellationToken)
    {
        if (await GetAsync(tenantId, challengeId, cancellationToken) is not { } challenge)
        {
            return new(NotFound(tenantId, challengeId));
        }

        var now = _timeProvider.GetUtcNow();
        if (now < challenge.EndsAt)
        {
            return new(new ConflictError(3605, $"Challenge '{challengeId}' runs until {challenge.EndsAt:O}. Close it after it ends."));
        }

        var nowMs = now.ToUnixTimeMilliseconds();
        var winners = await _engine.InTransactionAsync(
            async session =>
            {
                var scores = Rank(challenge, await QueryScoresAsync(session, tenantId, challenge));
                var leaders = scores.Where(score => score.Rank == 1 && score.Score > 0).ToList();
                var rules = await GamificationEngine.LoadRulesAsync(session, tenantId);
                var position = await session.NextPositionAsync(tenantId) - 1;
                var users = new List<string>();
                foreach (var leader in leaders)
                {
                    foreach (var member in leader.Members)
                    {
                        await session.ExecuteAsync(InsertWinnerSql, new
                        {
                            TenantId = tenantId, ChallengeId = challengeId, UserId = member,
                            TeamId = challenge.Mode == ChallengeMode.Team ? leader.Key : null,
                            Points = (int)Math.Round(leader.Score), DecidedAtMs = nowMs,
                        });
                        users.Add(member);
                        if (await session.ParticipantAccountAsync(tenantId, member) is { } account)
                        {
                            var context = new AwardContext(tenantId, member, account.HomePage, account.AccountName, challenge.EndsAt, null);
                            await _engine.Processor.UpdateProgressAsync(session, rules, context, position, nowMs);
                        }
                    }
                }

                return (IReadOnlyList<string>)users;
            },
            cancellationToken);
        return new(winners);
    }

    private static NotFoundError NotFound(string tenantId, string challengeId) =>
        new(3606, $"Challenge '{challengeId}' was not found in tenant '{tenantId}'. Create it first.");

    private static List<ChallengeScore> Rank(ChallengeDefinition challenge, IReadOnlyList<(string UserId, string? TeamId, long Points)> rows)
    {
        var scores = challenge.Mode == ChallengeMode.Individual
            ? rows.Select(row => (Key: row.UserId, Score: (double)row.Points, Members: (IReadOnlyList<string>)[row.UserId]))
            : rows.GroupBy(row => row.TeamId!, StringComparer.Ordinal)
                .Select(team => (Key: team.Key, Score: Math.Round(team.Average(row => (double)row.Points), 1),
                    Members: (IReadOnlyList<string>)team.Select(row => row.UserId).Order(StringComparer.Ordinal).ToList()));
        var ordered = scores.OrderByDescending(score => score.Score).ThenBy(score => score.Key, StringComparer.Ordinal).ToList();

        var ranked = new List<ChallengeScore>(ordered.Count);
        for (var i = 0; i < ordered.Count; i++)
        {
            var rank = i > 0 && ordered[i].Score == ordered[i - 1].Score ? ranked[i - 1].Rank : i + 1;
            ranked.Add(new ChallengeScore(rank, ordered[i].Key, ordered[i].Score, ordered[i].Members));
        }

        return ranked;
    }

    private static async Task<IReadOnlyList<(string UserId, string? TeamId, long Points)>> QueryScoresAsync(
        LedgerSession session, string tenantId, ChallengeDefinition challenge) =>
        (await session.QueryAsync<(string UserId, string? TeamId, long Points)>(ScoresSql, new
        {
            TenantId = tenantId, ChallengeId = challenge.Id,
            StartsAtMs = challenge.StartsAt.ToUnixTimeMilliseconds(), EndsAtMs = challenge.EndsAt.ToUnixTimeMilliseconds(),
        })).ToList();

    private async Task<ChallengeDefinition?> GetAsync(string tenantId, string challengeId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentException.ThrowIfNullOrWhiteSpace(challengeId);
        var row = await _engine.InTransactionAsync(
            async session => (await session.QueryAsync<ChallengeRow>(GetChallengeSql, new { TenantId = tenantId, ChallengeId = challengeId })).FirstOrDefault(),
            cancellationToken);
        return row is null ? null : new ChallengeDefinition
        {
            Id = row.Id, Name = row.Name, Mode = Enum.Parse<ChallengeMode>(row.Mode),
            StartsAt = DateTimeOffset.FromUnixTimeMilliseconds(row.StartsAtMs), EndsAt = DateTimeOffset.FromUnixTimeMilliseconds(row.EndsAtMs),
        };
    }

    private Task<int> ExecuteAsync(SqlText sql, object parameters, CancellationToken cancellationToken) =>
        _engine.InTransactionAsync(session => session.ExecuteAsync(sql, parameters), cancellationToken);

    private sealed record ChallengeRow(string Id, string Name, string Mode, long StartsAtMs, long EndsAtMs);
}
