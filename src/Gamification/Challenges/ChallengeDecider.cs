using LtiPd.Gamification.Data;
using LtiPd.Gamification.Engine;
using LtiPd.Gamification.Output;

namespace LtiPd.Gamification.Challenges;

/// <summary>
/// Decides an ended challenge in one transaction: it claims the challenge by setting
/// <c>closed_at_ms</c>, records the winners and awards their challenge-won badges through the
/// engine's badge evaluation, which writes the badge row and its award statement to the outbox.
/// Only the transaction whose update changes the row goes on. Another node that tries at the
/// same time waits for that row lock and then finds the challenge closed. A crash before the
/// commit leaves nothing behind, so the next attempt decides the challenge as if it were the first.
/// </summary>
internal sealed class ChallengeDecider
{
    private readonly GamificationEngine _engine;
    private readonly TimeProvider _timeProvider;

    public ChallengeDecider(GamificationEngine engine, TimeProvider timeProvider)
    {
        _engine = engine;
        _timeProvider = timeProvider;
    }

    /// <summary>
    /// Test seam that runs inside the decision's transaction after each winner is recorded and
    /// awarded. An exception thrown here rolls the whole decision back, as a crash would.
    /// </summary>
    internal Action<string>? AfterWinnerAwarded { get; init; }

    /// <summary>Returns up to <paramref name="limit"/> challenges of every tenant whose window is over and that nobody decided yet, the earliest end first.</summary>
    public async Task<IReadOnlyList<(string TenantId, string ChallengeId)>> ListDueAsync(int limit, CancellationToken cancellationToken)
    {
        var nowMs = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var rows = await _engine.InTransactionAsync(
            session => session.QueryAsync<(string TenantId, string ChallengeId)>(ChallengeSql.DueChallenges, new { NowMs = nowMs, Limit = limit }),
            cancellationToken);
        return rows.ToList();
    }

    /// <summary>
    /// Decides the tenant's challenge when its window is over and nobody decided it yet. Returns
    /// the recorded winners and whether this call decided them; a challenge that is still running
    /// or not found returns no winners.
    /// </summary>
    public Task<(bool DecidedNow, IReadOnlyList<string> Winners)> DecideAsync(string tenantId, string challengeId, CancellationToken cancellationToken)
    {
        var nowMs = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        return _engine.InTransactionAsync(
            async session =>
            {
                var key = new { TenantId = tenantId, ChallengeId = challengeId, NowMs = nowMs };
                if (await session.ExecuteAsync(ChallengeSql.Claim, key) != 1)
                {
                    return (false, await RecordedWinnersAsync(session, tenantId, challengeId));
                }

                // Read the challenge after the claim: the row is now locked, so its end and goal
                // are the ones a leader's "end now" left.
                var row = (await session.QueryAsync<ChallengeSql.Row>(ChallengeSql.GetChallenge, key)).Single();
                return (true, await RecordWinnersAsync(session, tenantId, row.ToDefinition(), nowMs));
            },
            cancellationToken);
    }

    private async Task<IReadOnlyList<string>> RecordWinnersAsync(LedgerSession session, string tenantId, ChallengeDefinition challenge, long nowMs)
    {
        var scores = ChallengeRanking.Rank(challenge.Mode, await ChallengeService.QueryScoresAsync(session, tenantId, challenge));
        var rules = await GamificationEngine.LoadRulesAsync(session, tenantId);
        var position = await session.NextPositionAsync(tenantId) - 1;
        var users = new List<string>();
        foreach (var leader in ChallengeRanking.Winners(scores, challenge.GoalPoints))
        {
            foreach (var member in leader.Members)
            {
                await session.ExecuteAsync(ChallengeSql.InsertWinner, new
                {
                    TenantId = tenantId, ChallengeId = challenge.Id, UserId = member,
                    TeamId = challenge.Mode == ChallengeMode.Team ? leader.Key : null,
                    Points = (int)Math.Round(leader.Score), DecidedAtMs = nowMs,
                });
                users.Add(member);

                // The same badge evaluation as a statement's: the badge row is unique per
                // teacher, and only a new row writes its award statement to the outbox. The award
                // carries the decision time, because no one won before the winners were decided.
                // The credential names the challenge's own days as its activity period.
                if (await session.ParticipantAccountAsync(tenantId, member) is { } account)
                {
                    var context = new AwardContext(tenantId, member, account.HomePage, account.AccountName, DateTimeOffset.FromUnixTimeMilliseconds(nowMs), null);
                    await _engine.Processor.UpdateProgressAsync(session, rules, context, position, nowMs);
                }

                AfterWinnerAwarded?.Invoke(member);
            }
        }

        return users;
    }

    private static async Task<IReadOnlyList<string>> RecordedWinnersAsync(LedgerSession session, string tenantId, string challengeId) =>
        (await session.QueryAsync<string>(ChallengeSql.Winners, new { TenantId = tenantId, ChallengeId = challengeId })).ToList();
}
