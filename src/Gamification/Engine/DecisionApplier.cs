using LtiPd.Gamification.Data;
using LtiPd.Gamification.Output;
using LtiPd.Gamification.Points;
using LtiPd.Gamification.Rules;

namespace LtiPd.Gamification.Engine;

/// <summary>Applies a reviewer or admin decision to the ledger, when made and again in every replay.</summary>
internal sealed class DecisionApplier
{
    private readonly StatementProcessor _processor;
    private readonly AwardStatementBuilder _statements;

    public DecisionApplier(StatementProcessor processor, AwardStatementBuilder statements)
    {
        _processor = processor;
        _statements = statements;
    }

    /// <summary>Returns false when the decision no longer applies, for example when a rule change removed its award.</summary>
    public async Task<bool> ApplyAsync(LedgerSession session, RuleSet rules, string tenantId, LedgerSession.DecisionRow decision, long nowMs)
    {
        if (await session.GetAwardAsync(tenantId, decision.AwardKey) is not { } found || found.Reversed
            || found.Entry.RuleKey == GamificationKeys.ReversalRule)
        {
            return false;
        }

        var award = found.Entry;
        switch (decision.Decision)
        {
            case DecisionKinds.Reverse:
                var reason = $"Reversed by {decision.DecidedBy}: {decision.Reason}";
                return await ReversalWriter.ReverseAsync(session, rules, award, reason, null, decision.AfterPosition, nowMs);

            case DecisionKinds.Release when award.Status == AwardStatus.Held:
                await session.ChangeStatusAsync(rules, award, AwardStatus.Counted);
                await ReportReleaseAsync(session, rules, award, decision, nowMs);
                return true;

            case DecisionKinds.Reject when award.Status == AwardStatus.Held:
                await session.ChangeStatusAsync(rules, award, AwardStatus.Rejected);
                return true;

            default:
                return false;
        }
    }

    private async Task ReportReleaseAsync(LedgerSession session, RuleSet rules, LedgerEntry award, LedgerSession.DecisionRow decision, long nowMs)
    {
        if (await session.ParticipantAccountAsync(award.TenantId, award.UserId) is not { } account)
        {
            return;
        }

        var context = new AwardContext(
            award.TenantId, award.UserId, account.HomePage, account.AccountName,
            DateTimeOffset.FromUnixTimeMilliseconds(award.AwardedAtMs), award.SourceStatementId);
        if (award.Points > 0)
        {
            var output = _statements.Points(context, award.AwardKey, award.RuleKey, award.Points, award.Reason);
            await session.InsertOutboxAsync(award.TenantId, output.Id, output.Kind, award.UserId, output.Json, nowMs);
        }

        await _processor.UpdateProgressAsync(session, rules, context, decision.AfterPosition, nowMs);
    }
}
