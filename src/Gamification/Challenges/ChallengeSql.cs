using LtiPd.Gamification.Data;
using LtiPd.Storage;

namespace LtiPd.Gamification.Challenges;

/// <summary>The statements of <see cref="ChallengeService"/>, every one keyed by tenant so a district reads only its own challenges.</summary>
internal static class ChallengeSql
{
    private const string Columns =
        "challenge_id AS Id, name AS Name, mode AS Mode, starts_at_ms AS StartsAtMs, ends_at_ms AS EndsAtMs, school_id AS SchoolId, " +
        "goal_points AS GoalPoints, badge_id AS BadgeId, created_by AS CreatedBy, ended_early_by AS EndedEarlyBy, closed_at_ms AS ClosedAtMs";

    public static readonly SqlText InsertChallenge = SqlBuilder.InsertIfAbsent(
        "gamification_challenges",
        ["tenant_id", "challenge_id", "name", "mode", "starts_at_ms", "ends_at_ms", "created_at_ms", "school_id", "goal_points", "badge_id", "created_by"],
        ["tenant_id", "challenge_id"]);

    public static readonly SqlText GetChallenge = SqlText.Portable(
        $"SELECT {Columns} FROM gamification_challenges WHERE tenant_id = @TenantId AND challenge_id = @ChallengeId");

    public static readonly SqlText ListChallenges = SqlText.Portable(
        $"SELECT {Columns} FROM gamification_challenges WHERE tenant_id = @TenantId ORDER BY ends_at_ms DESC, challenge_id");

    // Only a running challenge moves its end, so a second "end now" cannot shorten it again.
    public static readonly SqlText EndEarly = SqlText.Portable(
        "UPDATE gamification_challenges SET ends_at_ms = @NowMs, ended_early_by = @Actor " +
        "WHERE tenant_id = @TenantId AND challenge_id = @ChallengeId AND ends_at_ms > @NowMs");

    // The decision's claim: only the one transaction that changes the row records winners. A
    // concurrent update waits for the row lock, then re-reads closed_at_ms and changes nothing.
    public static readonly SqlText Claim = SqlText.Portable(
        "UPDATE gamification_challenges SET closed_at_ms = @NowMs " +
        "WHERE tenant_id = @TenantId AND challenge_id = @ChallengeId AND closed_at_ms IS NULL AND ends_at_ms <= @NowMs");

    // Across tenants on purpose: the decision job serves every district, and each row it returns
    // is then decided under its own tenant id.
    private const string DueQuery =
        "SELECT tenant_id AS TenantId, challenge_id AS ChallengeId FROM gamification_challenges " +
        "WHERE closed_at_ms IS NULL AND ends_at_ms <= @NowMs ORDER BY ends_at_ms, tenant_id, challenge_id";

    public static readonly SqlText DueChallenges = SqlText.PerProvider(
        DueQuery + " LIMIT @Limit", DueQuery + " LIMIT @Limit", DueQuery + " OFFSET 0 ROWS FETCH NEXT @Limit ROWS ONLY");

    public static readonly SqlText InsertMember = SqlBuilder.InsertIfAbsent(
        "gamification_challenge_members", ["tenant_id", "challenge_id", "user_id", "team_id"], ["tenant_id", "challenge_id", "user_id"]);

    public static readonly SqlText Scores = SqlText.Portable(
        "SELECT m.user_id AS UserId, m.team_id AS TeamId, CAST(COALESCE(SUM(l.points), 0) AS BIGINT) AS Points " +
        "FROM gamification_challenge_members m " +
        "JOIN gamification_participants p ON p.tenant_id = m.tenant_id AND p.user_id = m.user_id AND p.role = 'teacher' " +
        "LEFT JOIN gamification_ledger l ON l.tenant_id = m.tenant_id AND l.user_id = m.user_id AND l.status = 'counted' " +
        "AND l.awarded_at_ms >= @StartsAtMs AND l.awarded_at_ms < @EndsAtMs " +
        "WHERE m.tenant_id = @TenantId AND m.challenge_id = @ChallengeId GROUP BY m.user_id, m.team_id");

    public static readonly SqlText InsertWinner = SqlBuilder.InsertIfAbsent(
        "gamification_challenge_winners",
        ["tenant_id", "challenge_id", "user_id", "team_id", "points", "decided_at_ms"],
        ["tenant_id", "challenge_id", "user_id"]);

    public static readonly SqlText Winners = SqlText.Portable(
        "SELECT user_id FROM gamification_challenge_winners WHERE tenant_id = @TenantId AND challenge_id = @ChallengeId ORDER BY user_id");

    /// <summary>
    /// A row of <see cref="GetChallenge"/> or <see cref="ListChallenges"/>. Settable properties let
    /// Dapper convert each provider's integer types, which a positional record would reject.
    /// </summary>
    public sealed class Row
    {
        public string Id { get; init; } = "";
        public string Name { get; init; } = "";
        public string Mode { get; init; } = "";
        public long StartsAtMs { get; init; }
        public long EndsAtMs { get; init; }
        public string? SchoolId { get; init; }
        public long? GoalPoints { get; init; }
        public string? BadgeId { get; init; }
        public string? CreatedBy { get; init; }
        public string? EndedEarlyBy { get; init; }
        public long? ClosedAtMs { get; init; }

        public ChallengeDefinition ToDefinition() => new()
        {
            Id = Id, Name = Name, Mode = Enum.Parse<ChallengeMode>(Mode),
            StartsAt = DateTimeOffset.FromUnixTimeMilliseconds(StartsAtMs), EndsAt = DateTimeOffset.FromUnixTimeMilliseconds(EndsAtMs),
            SchoolId = SchoolId, GoalPoints = (int?)GoalPoints, BadgeId = BadgeId, CreatedBy = CreatedBy, EndedEarlyBy = EndedEarlyBy,
            ClosedAt = ClosedAtMs is { } closed ? DateTimeOffset.FromUnixTimeMilliseconds(closed) : null,
        };
    }
}
