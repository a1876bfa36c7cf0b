using LtiPd.Gamification.Data;
using LtiPd.Gamification.Points;
using LtiPd.Gamification.Rules;

namespace LtiPd.Gamification.Engine;

/// <summary>Writes the ledger row that cancels an award, for voiding and for admin reversals alike.</summary>
internal static class ReversalWriter
{
    /// <summary>
    /// Cancels <paramref name="award"/> once: the reversal's key is derived from the award's key,
    /// so a second voiding or reversal of the same award inserts nothing. The reversal carries the
    /// award's day and time, so it cancels the points in every season and challenge window the
    /// award counted in. <see cref="LedgerEntry.RecordedAtMs"/> stores when it was written. Returns
    /// whether it wrote.
    /// </summary>
    public static async Task<bool> ReverseAsync(
        LedgerSession session,
        RuleSet rules,
        LedgerEntry award,
        string reason,
        string? sourceStatementId,
        long position,
        long nowMs)
    {
        // A held award never counted, so rejecting it is the whole reversal; the row below keeps
        // the reason and blocks a second reversal.
        var points = award.Status == AwardStatus.Counted ? -award.Points : 0;
        if (award.Status == AwardStatus.Held)
        {
            await session.ChangeStatusAsync(rules, award, AwardStatus.Rejected);
        }

        var reversal = new LedgerEntry
        {
            TenantId = award.TenantId,
            AwardKey = GamificationKeys.AwardKey(award.UserId, GamificationKeys.ReversalRule, award.AwardKey),
            UserId = award.UserId,
            RuleKey = GamificationKeys.ReversalRule,
            ItemId = award.AwardKey,
            Points = points,
            Status = AwardStatus.Counted,
            Capped = false,
            Reason = reason,
            SourceStatementId = sourceStatementId,
            ReversesAwardKey = award.AwardKey,
            CourseId = award.CourseId,
            SchoolId = award.SchoolId,
            LocalDay = award.LocalDay,
            AwardedAtMs = award.AwardedAtMs,
            Position = position,
            RecordedAtMs = nowMs,
        };
        return await session.InsertCountingLedgerAsync(rules, reversal);
    }
}
