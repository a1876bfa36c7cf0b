using LtiPd.Gamification.Data;
using LtiPd.Gamification.Engine;

namespace LtiPd.Gamification.Points;

/// <summary>
/// Reviewer and admin decisions on single awards: reverse, release a held award, reject a held
/// award. Each decision is stored so every later rebuild applies it again at the same point of
/// the stream, and each writes an audit row naming who decided and why.
/// </summary>
public sealed class AwardAdministration
{
    private readonly GamificationEngine _engine;

    /// <summary>Creates the administration over <paramref name="engine"/>'s database.</summary>
    public AwardAdministration(GamificationEngine engine)
    {
        _engine = engine;
    }

    /// <summary>Reverses a counted or held award.</summary>
    public Task<GamificationResult<LedgerEntry>> ReverseAsync(string tenantId, string awardKey, string actor, string reason, CancellationToken cancellationToken) =>
        DecideAsync(tenantId, awardKey, DecisionKinds.Reverse, actor, reason, cancellationToken);

    /// <summary>Lets a held award count.</summary>
    public Task<GamificationResult<LedgerEntry>> ReleaseAsync(string tenantId, string awardKey, string actor, string reason, CancellationToken cancellationToken) =>
        DecideAsync(tenantId, awardKey, DecisionKinds.Release, actor, reason, cancellationToken);

    /// <summary>Rejects a held award; its points never count.</summary>
    public Task<GamificationResult<LedgerEntry>> RejectAsync(string tenantId, string awardKey, string actor, string reason, CancellationToken cancellationToken) =>
        DecideAsync(tenantId, awardKey, DecisionKinds.Reject, actor, reason, cancellationToken);

    /// <summary>Returns the awards held for review (burst limit) that were not released, rejected or reversed, oldest first.</summary>
    public Task<IReadOnlyList<LedgerEntry>> GetHeldAsync(string tenantId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        return _engine.InTransactionAsync(session => session.HeldAsync(tenantId), cancellationToken);
    }

    /// <summary>
    /// Returns the tenant's newest <paramref name="limit"/> ledger rows, newest first, each with
    /// whether a later row reversed it.
    /// </summary>
    public async Task<GamificationResult<IReadOnlyList<(LedgerEntry Entry, bool Reversed)>>> GetRecentAsync(string tenantId, int limit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        if (limit is < 1 or > 500)
        {
            return new InvalidInputError(3206, $"Limit {limit} is out of range. Use 1 to 500 ledger rows.");
        }

        return await _engine.InTransactionAsync(
            async session => new GamificationResult<IReadOnlyList<(LedgerEntry, bool)>>(await session.RecentAsync(tenantId, limit)),
            cancellationToken);
    }

    /// <summary>Returns the tenant's audit rows, oldest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> GetAuditAsync(string tenantId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        var rows = await _engine.InTransactionAsync(session => session.LoadAuditAsync(tenantId), cancellationToken);
        return rows.Select(row => new AuditEntry(row.AuditId, row.Action, row.Actor, row.AwardKey, row.Detail, row.AtMs)).ToList();
    }

    private async Task<GamificationResult<LedgerEntry>> DecideAsync(
        string tenantId, string awardKey, string decision, string actor, string reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        if (string.IsNullOrWhiteSpace(actor) || string.IsNullOrWhiteSpace(reason) || reason.Length > 500)
        {
            return new InvalidInputError(3201, "The decision needs the deciding user's id and a reason of 1-500 characters. Pass both.");
        }

        var nowMs = _engine.NowMs();
        return await _engine.InTransactionAsync(
            async session =>
            {
                if (await session.GetAwardAsync(tenantId, awardKey) is not { } found || found.Entry.RuleKey == GamificationKeys.ReversalRule)
                {
                    return new GamificationResult<LedgerEntry>(new NotFoundError(3202, $"Award '{awardKey}' was not found in tenant '{tenantId}'. Pass the award key of a ledger row."));
                }

                if (Conflict(found.Entry, found.Reversed, decision) is { } conflict)
                {
                    return new GamificationResult<LedgerEntry>(conflict);
                }

                var row = new LedgerSession.DecisionRow(
                    Guid.NewGuid().ToString("D"), awardKey, decision, actor, reason,
                    await session.NextPositionAsync(tenantId) - 1, nowMs);
                if (!await session.InsertDecisionAsync(tenantId, row))
                {
                    return new GamificationResult<LedgerEntry>(new ConflictError(3203, $"Award '{awardKey}' already has a '{decision}' decision."));
                }

                var rules = await GamificationEngine.LoadRulesAsync(session, tenantId);
                await _engine.Decisions.ApplyAsync(session, rules, tenantId, row, nowMs);
                await session.InsertAuditAsync(tenantId, decision, actor, awardKey, reason, nowMs);
                var updated = await session.GetAwardAsync(tenantId, awardKey);
                return new GamificationResult<LedgerEntry>(updated!.Value.Entry);
            },
            cancellationToken);
    }

    private static ConflictError? Conflict(LedgerEntry award, bool reversed, string decision)
    {
        if (reversed)
        {
            return new ConflictError(3204, $"Award '{award.AwardKey}' is already reversed.");
        }

        if (decision != DecisionKinds.Reverse && award.Status != AwardStatus.Held)
        {
            return new ConflictError(3205, $"Award '{award.AwardKey}' is {award.Status}, not held; only held awards can be released or rejected.");
        }

        return null;
    }
}
