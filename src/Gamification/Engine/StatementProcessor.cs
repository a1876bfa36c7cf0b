using System.Globalization;
using LtiPd.Gamification.Data;
using LtiPd.Gamification.Output;
using LtiPd.Gamification.Points;
using LtiPd.Gamification.Rules;
using LtiPd.Gamification.Statements;

namespace LtiPd.Gamification.Engine;

/// <summary>
/// Applies one statement to the ledger inside the caller's transaction. It reads time only from
/// the statement (its stored time) so that processing the same stream again, incrementally or in
/// a rebuild, writes the same rows.
/// </summary>
internal sealed class StatementProcessor
{
    private readonly AwardStatementBuilder _statements;
    private readonly BadgeEvaluator _badges;

    public StatementProcessor(AwardStatementBuilder statements, Func<string, string?>? moduleTopic = null)
    {
        _statements = statements;
        _badges = new BadgeEvaluator(statements, moduleTopic);
    }

    public async Task<ProcessOutcome> ApplyAsync(LedgerSession session, RuleSet rules, GamificationStatement statement, long position, long nowMs)
    {
        var tenantId = GamificationKeys.TenantOf(statement);
        var userId = GamificationKeys.UserId(statement.ActorHomePage, statement.ActorName);
        await session.EnsureParticipantAsync(
            tenantId, userId, statement.ActorHomePage, statement.ActorName, statement.Extension(XapiTerms.SchoolExtension), nowMs);

        if (statement.VoidedStatementId is { } target)
        {
            await VoidAsync(session, rules, tenantId, statement, target.ToString("D"), position, nowMs);
            return ProcessOutcome.Voiding;
        }

        // xAPI 1.0.3 Data, 2.3.2: a voided statement no longer counts. The voiding statement can
        // reach the engine first, so it is remembered and its target earns nothing.
        if (await session.IsVoidedAsync(tenantId, statement.Id.ToString("D")))
        {
            return ProcessOutcome.AlreadyVoided;
        }

        var (homePage, accountName) = (statement.ActorHomePage, statement.ActorName);
        if (XapiTerms.IsReview(statement.VerbId))
        {
            // The reviewer acts; the learner whose evidence was judged earns. The submission named
            // by context.statement was stored, and so processed, before its review.
            var learner = statement.LearnerAccount;
            if (statement.ContextStatementId is { } submission
                && await session.StatementActorAsync(tenantId, submission.ToString("D")) is { } submitter)
            {
                learner = submitter;
            }

            // A review that names no learner is read as the actor's own approved work, as other
            // producers phrase it.
            if (learner is { } named && (named.HomePage, named.Name) != (homePage, accountName))
            {
                (homePage, accountName) = named;
                userId = GamificationKeys.UserId(homePage, accountName);
                await session.EnsureParticipantAsync(tenantId, userId, homePage, accountName, null, nowMs);
            }
        }

        var context = new AwardContext(tenantId, userId, homePage, accountName, statement.Stored, statement.Id.ToString("D"));
        var awarded = false;
        foreach (var candidate in PointRuleEvaluator.Evaluate(rules, statement))
        {
            awarded |= await AwardAsync(session, rules, context, statement, candidate, position, nowMs);
        }

        if (awarded)
        {
            await UpdateProgressAsync(session, rules, context, position, nowMs);
        }

        return ProcessOutcome.Processed;
    }

    public async Task UpdateProgressAsync(LedgerSession session, RuleSet rules, AwardContext context, long position, long nowMs)
    {
        var total = await session.TotalPointsAsync(context.TenantId, context.UserId);
        var level = rules.LevelFor(total);
        var highest = await session.MaxLevelAsync(context.TenantId, context.UserId);
        for (var reached = highest + 1; reached <= level; reached++)
        {
            if (await session.InsertLevelAsync(context.TenantId, context.UserId, reached, context.AwardedAt.ToUnixTimeMilliseconds(), context.SourceStatementId, position))
            {
                var output = _statements.Level(context, reached, rules.Levels[reached - 1].Name);
                await session.InsertOutboxAsync(context.TenantId, output.Id, output.Kind, context.UserId, output.Json, nowMs);
            }
        }

        await _badges.AwardEarnedBadgesAsync(session, rules, context, total, level, position, nowMs);
    }

    private async Task<bool> AwardAsync(
        LedgerSession session,
        RuleSet rules,
        AwardContext context,
        GamificationStatement statement,
        AwardCandidate candidate,
        long position,
        long nowMs)
    {
        var awardKey = GamificationKeys.AwardKey(context.UserId, candidate.Rule.Key, candidate.ItemId);
        if (await session.AwardExistsAsync(context.TenantId, awardKey))
        {
            return false;
        }

        var storedMs = statement.Stored.ToUnixTimeMilliseconds();
        var localDay = rules.LocalDay(statement.Stored).DayNumber;
        var points = candidate.Points;
        var reason = $"{candidate.Rule.Description} ({candidate.ItemId}): {points} points";

        if (candidate.Rule.Capped)
        {
            var used = await session.CappedPointsOnDayAsync(context.TenantId, context.UserId, localDay);
            var remaining = Math.Max(0, rules.DailyCap - used);
            if (points > remaining)
            {
                reason = $"{candidate.Rule.Description} ({candidate.ItemId}): {remaining} of {points} points, daily cap of {rules.DailyCap} reached";
                points = remaining;
            }
        }

        var recent = await session.AwardCountSinceAsync(context.TenantId, context.UserId, storedMs - (rules.BurstWindowSeconds * 1000L));
        var status = AwardStatus.Counted;
        if (recent >= rules.BurstMaxAwards)
        {
            status = AwardStatus.Held;
            reason += string.Create(CultureInfo.InvariantCulture, $"; held for review: more than {rules.BurstMaxAwards} awards in {rules.BurstWindowSeconds} s");
        }

        var entry = new LedgerEntry
        {
            TenantId = context.TenantId, AwardKey = awardKey, UserId = context.UserId, RuleKey = candidate.Rule.Key,
            ItemId = candidate.ItemId, Points = points, Status = status, Capped = candidate.Rule.Capped, Reason = reason,
            SourceStatementId = context.SourceStatementId, CourseId = statement.Extension(XapiTerms.CourseExtension),
            SchoolId = statement.Extension(XapiTerms.SchoolExtension), LocalDay = localDay, AwardedAtMs = storedMs,
            Position = position, RecordedAtMs = nowMs,
        };
        if (!await session.InsertCountingLedgerAsync(rules, entry))
        {
            return false;
        }

        if (points > 0 && status == AwardStatus.Counted)
        {
            var output = _statements.Points(context, awardKey, candidate.Rule.Key, points, reason);
            await session.InsertOutboxAsync(context.TenantId, output.Id, output.Kind, context.UserId, output.Json, nowMs);
        }

        return true;
    }

    private static async Task VoidAsync(LedgerSession session, RuleSet rules, string tenantId, GamificationStatement voiding, string targetId, long position, long nowMs)
    {
        await session.InsertVoidedAsync(tenantId, targetId, voiding.Id.ToString("D"), nowMs);
        var reason = $"Statement {targetId} was voided by statement {voiding.Id:D}";
        foreach (var award in await session.AwardsFromStatementAsync(tenantId, targetId))
        {
            await ReversalWriter.ReverseAsync(session, rules, award, reason, voiding.Id.ToString("D"), position, nowMs);
        }
    }
}
