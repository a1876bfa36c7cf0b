using System.Globalization;
using LtiPd.Gamification.Data;
using LtiPd.Gamification.Engine;
using LtiPd.Gamification.Rules;
using LtiPd.Storage;

namespace LtiPd.Gamification.Challenges;

/// <summary>
/// Creates challenges with their own badge, enrols teachers or teams, scores them over the
/// challenge window and ends them early on request. <see cref="ChallengeDecisionWorker"/> decides
/// every challenge whose window is over; a read or an early end decides it too when it comes
/// first. Every call is keyed by tenant, so one district never
/// reads or changes another's challenges.
/// </summary>
public sealed class ChallengeService
{
    /// <summary>The highest goal a challenge may set, in points.</summary>
    public const int MaxGoalPoints = 100_000;

    private const string BadgeIdPrefix = "challenge-";

    private readonly GamificationEngine _engine;
    private readonly TimeProvider _timeProvider;
    private readonly ChallengeDecider _decider;

    /// <summary>Creates the service over <paramref name="engine"/>'s database.</summary>
    public ChallengeService(GamificationEngine engine, TimeProvider timeProvider)
        : this(engine, timeProvider, new ChallengeDecider(engine, timeProvider))
    {
    }

    internal ChallengeService(GamificationEngine engine, TimeProvider timeProvider, ChallengeDecider decider)
    {
        _engine = engine;
        _timeProvider = timeProvider;
        _decider = decider;
    }

    internal ChallengeDecider Decider => _decider;

    /// <summary>Creates a challenge without a badge of its own.</summary>
    public Task<GamificationResult<ChallengeDefinition>> CreateAsync(string tenantId, ChallengeDefinition challenge, CancellationToken cancellationToken) =>
        CreateAsync(tenantId, challenge, badge: null, actor: null, cancellationToken);

    /// <summary>
    /// Creates a challenge and, when <paramref name="badge"/> is set, adds its badge to the
    /// district's rules as a new rules version, in the same transaction.
    /// </summary>
    public async Task<GamificationResult<ChallengeDefinition>> CreateAsync(
        string tenantId, ChallengeDefinition challenge, ChallengeBadge? badge, string? actor, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentNullException.ThrowIfNull(challenge);
        if (ChallengeValidator.Validate(challenge, badge) is { } invalid)
        {
            return new(invalid);
        }

        var created = badge is null ? challenge : challenge with { BadgeId = BadgeIdPrefix + challenge.Id };
        var nowMs = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        return await _engine.InTransactionAsync(
            async session =>
            {
                RuleSet? rules = null;
                if (badge is not null)
                {
                    rules = await GamificationEngine.LoadRulesAsync(session, tenantId);
                    if (rules.Badges.Any(existing => existing.Id == created.BadgeId))
                    {
                        return new GamificationResult<ChallengeDefinition>(new ConflictError(3607,
                            $"The rules already have a badge '{created.BadgeId}'. Give the challenge another id, or remove that badge from the rules."));
                    }
                }

                if (await InsertAsync(session, tenantId, created, actor, nowMs) != 1)
                {
                    return new(new ConflictError(3603, $"Challenge '{challenge.Id}' already exists."));
                }

                if (rules is not null)
                {
                    // A new badge that counts only wins of this new challenge cannot change any
                    // standing yet, so the rules are saved without the recomputation a rule change needs.
                    var withBadge = rules with { Badges = [.. rules.Badges, BadgeFor(created, badge!, rules)] };
                    var version = await session.SaveRulesAsync(tenantId, RuleSetSerializer.Serialize(withBadge), actor ?? "system", nowMs);
                    await session.InsertAuditAsync(tenantId, "challenge-create", actor ?? "system", null,
                        $"Created challenge '{created.Id}' with badge '{created.BadgeId}' in rule set version {version}", nowMs);
                }

                return new GamificationResult<ChallengeDefinition>(created);
            },
            cancellationToken);
    }

    /// <summary>Returns the tenant's challenges, the latest end first.</summary>
    public async Task<IReadOnlyList<ChallengeDefinition>> ListAsync(string tenantId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        var rows = await _engine.InTransactionAsync(session => session.QueryAsync<ChallengeSql.Row>(ChallengeSql.ListChallenges, new { TenantId = tenantId }), cancellationToken);
        return rows.Select(row => row.ToDefinition()).ToList();
    }

    /// <summary>Returns one challenge of the tenant; not-found when the tenant has no challenge with that id.</summary>
    public async Task<GamificationResult<ChallengeDefinition>> FindAsync(string tenantId, string challengeId, CancellationToken cancellationToken) =>
        await GetAsync(tenantId, challengeId, cancellationToken) is { } challenge ? new(challenge) : new(NotFound(tenantId, challengeId));

    /// <summary>Enrols a teacher, in a team for team challenges. Returns false when the teacher was already enrolled.</summary>
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

        if (_timeProvider.GetUtcNow() >= challenge.EndsAt)
        {
            return new(new ConflictError(3608, $"Challenge '{challengeId}' ended at {challenge.EndsAt:O}. Join a challenge that is still running."));
        }

        var inserted = await ExecuteAsync(ChallengeSql.InsertMember, new { TenantId = tenantId, ChallengeId = challengeId, UserId = userId, TeamId = teamId }, cancellationToken);
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
        return new(ChallengeRanking.Rank(challenge.Mode, rows));
    }

    /// <summary>Returns the user ids of the challenge's winners; empty until it is closed.</summary>
    public async Task<IReadOnlyList<string>> GetWinnersAsync(string tenantId, string challengeId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentException.ThrowIfNullOrWhiteSpace(challengeId);
        return (await _engine.InTransactionAsync(
            session => session.QueryAsync<string>(ChallengeSql.Winners, new { TenantId = tenantId, ChallengeId = challengeId }), cancellationToken)).ToList();
    }

    /// <summary>
    /// Ends a running challenge now, so later points do not count, and closes it. Ending a
    /// challenge that is already over only closes it.
    /// </summary>
    public async Task<GamificationResult<IReadOnlyList<string>>> EndNowAsync(string tenantId, string challengeId, string actor, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        if (await GetAsync(tenantId, challengeId, cancellationToken) is null)
        {
            return new(NotFound(tenantId, challengeId));
        }

        var nowMs = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        await _engine.InTransactionAsync(
            async session =>
            {
                if (await session.ExecuteAsync(ChallengeSql.EndEarly, new { TenantId = tenantId, ChallengeId = challengeId, NowMs = nowMs, Actor = actor }) == 1)
                {
                    await session.InsertAuditAsync(tenantId, "challenge-end", actor, null, $"Ended challenge '{challengeId}' before its planned end", nowMs);
                }

                return true;
            },
            cancellationToken);
        return await CloseAsync(tenantId, challengeId, cancellationToken);
    }

    /// <summary>
    /// Records the winners once the challenge is over and awards challenge-won badges. When the
    /// decision worker or an earlier call decided it already, it returns the recorded winners.
    /// With a goal, every teacher or team that reached it wins. Without one, the leaders with more
    /// than 0 points win.
    /// </summary>
    public async Task<GamificationResult<IReadOnlyList<string>>> CloseAsync(string tenantId, string challengeId, CancellationToken cancellationToken)
    {
        if (await GetAsync(tenantId, challengeId, cancellationToken) is not { } challenge)
        {
            return new(NotFound(tenantId, challengeId));
        }

        if (_timeProvider.GetUtcNow() < challenge.EndsAt)
        {
            return new(new ConflictError(3605, $"Challenge '{challengeId}' runs until {challenge.EndsAt:O}. Close it after it ends."));
        }

        var (_, winners) = await _decider.DecideAsync(tenantId, challengeId, cancellationToken);
        return new(winners);
    }

    private static BadgeDefinition BadgeFor(ChallengeDefinition challenge, ChallengeBadge badge, RuleSet rules)
    {
        var who = challenge.Mode == ChallengeMode.Team ? "Be on a team that" : "Be a teacher who";
        var goal = challenge.GoalPoints is { } points
            ? string.Create(CultureInfo.InvariantCulture, $"reaches {points} points")
            : "has the most points";
        return new BadgeDefinition
        {
            Id = challenge.BadgeId!, Name = badge.Name.Trim(), Description = badge.Description.Trim(), ImageUrl = badge.ImageUrl,
            CriteriaNarrative = string.Create(CultureInfo.InvariantCulture,
                $"{who} {goal} in the challenge \"{challenge.Name}\" between {rules.LocalDay(challenge.StartsAt):yyyy-MM-dd} and {LastDay(rules, challenge):yyyy-MM-dd} ({rules.TimeZoneId} time)."),
            Criterion = BadgeCriterion.ChallengesWon, Threshold = 1, ActivityIds = [challenge.Id],
        };
    }

    // EndsAt is exclusive, so the last day that counts is the district's day of the instant before it.
    internal static DateOnly LastDay(RuleSet rules, ChallengeDefinition challenge) => rules.LocalDay(challenge.EndsAt.AddTicks(-1));

    private static Task<int> InsertAsync(LedgerSession session, string tenantId, ChallengeDefinition challenge, string? actor, long nowMs) =>
        session.ExecuteAsync(ChallengeSql.InsertChallenge, new
        {
            TenantId = tenantId, ChallengeId = challenge.Id, challenge.Name, Mode = challenge.Mode.ToString(),
            StartsAtMs = challenge.StartsAt.ToUnixTimeMilliseconds(), EndsAtMs = challenge.EndsAt.ToUnixTimeMilliseconds(),
            CreatedAtMs = nowMs, challenge.SchoolId, challenge.GoalPoints, challenge.BadgeId, CreatedBy = actor,
        });

    private static NotFoundError NotFound(string tenantId, string challengeId) =>
        new(3606, $"Challenge '{challengeId}' was not found in tenant '{tenantId}'. Create it first.");

    internal static async Task<IReadOnlyList<(string UserId, string? TeamId, long Points)>> QueryScoresAsync(
        LedgerSession session, string tenantId, ChallengeDefinition challenge) =>
        (await session.QueryAsync<(string UserId, string? TeamId, long Points)>(ChallengeSql.Scores, new
        {
            TenantId = tenantId, ChallengeId = challenge.Id,
            StartsAtMs = challenge.StartsAt.ToUnixTimeMilliseconds(), EndsAtMs = challenge.EndsAt.ToUnixTimeMilliseconds(),
        })).ToList();

    private async Task<ChallengeDefinition?> GetAsync(string tenantId, string challengeId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentException.ThrowIfNullOrWhiteSpace(challengeId);
        var row = await _engine.InTransactionAsync(
            async session => (await session.QueryAsync<ChallengeSql.Row>(ChallengeSql.GetChallenge, new { TenantId = tenantId, ChallengeId = challengeId })).FirstOrDefault(),
            cancellationToken);
        return row?.ToDefinition();
    }

    private Task<int> ExecuteAsync(SqlText sql, object parameters, CancellationToken cancellationToken) =>
        _engine.InTransactionAsync(session => session.ExecuteAsync(sql, parameters), cancellationToken);
}
